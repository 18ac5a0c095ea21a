import Foundation
import Distributed
import Federation

extension HumanGateAgent {
    /// Puts each label the server data agent is unsure of to the user: y (or an empty line) takes the
    /// proposal, a class name maps the label to it, "drop" or "n" drops its samples; with `--yes` every
    /// proposal is taken. At the end of the input, the remaining labels are dropped: an unconfirmed
    /// guess does not reach training.
    package distributed func settle(_ questions: [LabelQuestion]) -> [LabelAnswer] {
        questions.map { q in
            let clients = q.clients.map(String.init).joined(separator: ", ")
            show(
                "label \"\(q.label)\" (clients \(clients)): proposed \(q.proposal ?? "drop") — \(q.reason)")
            if autoApprove {
                show("accepted (--yes)")
                return .accept
            }
            show("[y] accept, a class (\(q.classes.joined(separator: ", "))), or drop:")
            let line = input.readLine()
            if line == nil { show("no answer (end of input): its samples are left out") }
            return Self.answer(line, classes: q.classes)
        }
    }

    static func answer(_ line: String?, classes: [String]) -> LabelAnswer {
        guard let text = line?.trimmingCharacters(in: .whitespacesAndNewlines) else { return .drop }
        switch text.lowercased() {
        case "", "y", "yes": return .accept
        case "n", "no", "drop": return .drop
        default:
            let key = LabelGlossary.normalize(text)
            return classes.first { LabelGlossary.normalize($0) == key }.map(LabelAnswer.map) ?? .drop
        }
    }
}
