import Federation

/// A label the server data agent is unsure of, put to the human gate with its proposal.
package struct LabelQuestion: Codable, Sendable, Equatable {
    package var label: String
    /// The clients that use the label.
    package var clients: [Int]
    /// The class proposed (nil: drop the label's samples).
    package var proposal: String?
    package var reason: String
    /// The task's classes, any of which the human may name instead.
    package var classes: [String]
}

/// The human's answer to a ``LabelQuestion``.
package enum LabelAnswer: Codable, Sendable, Equatable {
    /// Take the proposal.
    case accept
    /// Map the label to this class instead.
    case map(String)
    /// Drop the label's samples.
    case drop
}

/// Every client's labels mapped onto the task's classes, with how each label was read.
package struct HarmonizationPlan: Codable, Sendable, Equatable {
    /// One reading per distinct label, final (after the LLM and the gate).
    package var resolutions: [LabelResolution]
    /// Each selected client's mapping.
    package var mappings: [Int: LabelMapping]
    /// What the gate was asked, and answered, in order.
    package var questions: [LabelQuestion]
    package var answers: [LabelAnswer]
}

/// The steps of harmonization as pure functions: read every label, put the unsure ones as
/// questions, fold in answers, and write each client's mapping.
package enum Harmonizer {
    /// Each client's non-blank labels.
    package static func labels(of cards: [DataCard]) -> [Int: [String]] {
        Dictionary(
            uniqueKeysWithValues: cards.map { card in
                (card.clientID, card.labels.keys.filter { !LabelGlossary.normalize($0).isEmpty }.sorted())
            })
    }

    /// The offline reading of every distinct label, in label order.
    package static func resolve(_ labels: [Int: [String]], classes: [String]) -> [LabelResolution] {
        let resolver = LabelResolver(classes: classes)
        return Set(labels.values.joined()).sorted().map(resolver.resolve)
    }

    /// A question for every reading that is not sure.
    package static func questions(
        _ resolutions: [LabelResolution], labels: [Int: [String]], classes: [String]
    ) -> [LabelQuestion] {
        resolutions.filter { !$0.sure }.map { r in
            LabelQuestion(
                label: r.label, clients: labels.filter { $0.value.contains(r.label) }.keys.sorted(),
                proposal: r.target, reason: r.reason, classes: classes)
        }
    }

    /// The readings with the gate's answers folded in: an answered label is sure.
    package static func settle(
        _ resolutions: [LabelResolution], _ questions: [LabelQuestion], _ answers: [LabelAnswer], classes: [String]
    ) -> [LabelResolution] {
        var byLabel = Dictionary(uniqueKeysWithValues: resolutions.map { ($0.label, $0) })
        for (q, answer) in zip(questions, answers) {
            guard var r = byLabel[q.label] else { continue }
            switch answer {
            case .accept:
                r.reason += r.target == nil ? "; dropped at the gate" : "; confirmed at the gate"
            case .map(let target) where classes.contains(target):
                (r.target, r.method, r.reason) = (target, .human, "mapped to \(target) at the gate")
            case .map, .drop:
                (r.target, r.method, r.reason) = (nil, .human, "dropped at the gate")
            }
            r.sure = true
            byLabel[q.label] = r
        }
        return resolutions.compactMap { byLabel[$0.label] }
    }

    /// Each client's mapping from the final readings; labels without a class are dropped with their reason.
    package static func mappings(
        _ resolutions: [LabelResolution], labels: [Int: [String]], classes: [String]
    ) -> [Int: LabelMapping] {
        let byLabel = Dictionary(uniqueKeysWithValues: resolutions.map { ($0.label, $0) })
        return labels.mapValues { own in
            var mapping = LabelMapping(classes: classes, targets: [:], dropped: [:])
            for label in own {
                guard let r = byLabel[label] else { continue }
                if let target = r.target, classes.contains(target) {
                    mapping.targets[label] = target
                } else {
                    mapping.dropped[label] = r.reason
                }
            }
            return mapping
        }
    }
}
