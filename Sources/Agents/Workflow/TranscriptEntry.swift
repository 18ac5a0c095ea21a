import Federation
import Foundation

/// One exchange with a role, for the transcript: the message the role was sent and its answer in
/// full (as JSON), who decided, and — when an LLM was asked — the whole conversation with it.
package struct TranscriptEntry: Codable, Sendable, Equatable {
    package var stage: String
    package var role: String
    /// One line for people skimming the transcript.
    package var summary: String
    package var seconds: Double
    /// The call's argument, in full.
    package var sent: JSONValue
    /// The role's answer, in full (without the LLM conversation, which is in `llm`).
    package var received: JSONValue
    /// "expert", "llm" or "expert (fallback)"; nil for roles that never use an LLM.
    package var decidedBy: String?
    /// Why the role fell back to the expert, when it did.
    package var note: String?
    /// Every prompt sent to the LLM and every raw reply, when one was asked.
    package var llm: LLMExchange?

    package init(
        stage: String, role: String, summary: String, seconds: Double, sent: JSONValue = .null,
        received: JSONValue = .null,
        decidedBy: String? = nil, note: String? = nil, llm: LLMExchange? = nil
    ) {
        self.stage = stage
        self.role = role
        self.summary = summary
        self.seconds = seconds
        self.sent = sent
        self.received = received
        self.decidedBy = decidedBy
        self.note = note
        self.llm = llm
    }
}

/// What the workflow writes about one answer, apart from the timing.
struct TranscriptRecord {
    var summary: String
    var received: JSONValue
    var decidedBy: String? = nil
    var note: String? = nil
    var llm: LLMExchange? = nil

    /// A deterministic role's answer.
    static func plain(_ value: some Encodable, _ summary: String) -> TranscriptRecord {
        TranscriptRecord(summary: summary, received: JSONValue.encoding(value))
    }

    /// An LLM-capable role's answer.
    static func decided<V>(_ d: Decided<V>, _ summary: String) -> TranscriptRecord {
        TranscriptRecord(
            summary: summary + (d.decidedBy == "expert" ? "" : " [\(d.decidedBy)]"),
            received: JSONValue.encoding(d.value), decidedBy: d.decidedBy, note: d.note, llm: d.llm)
    }

    /// The planner's plan, its LLM conversation moved out of the plan into the record.
    static func plan(_ plan: Plan) -> TranscriptRecord {
        var bare = plan
        bare.decision?.llm = nil
        let replaced = plan.replacements.isEmpty ? "" : "; not built: " + plan.replacements.joined(separator: "; ")
        return TranscriptRecord(
            summary: plan.summary + replaced, received: JSONValue.encoding(bare),
            decidedBy: plan.decision?.decidedBy ?? "expert",
            note: plan.decision?.note, llm: plan.decision?.llm)
    }
}

extension Array where Element == TranscriptEntry {
    /// Each LLM-capable role's LLM usage over the transcript ("coder-task" … count as "coders").
    package var llmUsage: [String: ChatUsage] {
        var usage: [String: ChatUsage] = [:]
        for entry in self {
            guard let llm = entry.llm else { continue }
            let role =
                entry.role.hasPrefix("coder-") ? "coders" : entry.role.hasPrefix("reviewer-") ? "reviewers" : entry.role
            usage[role, default: ChatUsage()] = usage[role, default: ChatUsage()] + llm.usage
        }
        return usage
    }
}

extension PreparedClients.StageLine {
    /// A data-stage exchange as a run's report keeps it: in full.
    package init(_ entry: TranscriptEntry) {
        self.init(stage: entry.stage, role: entry.role, summary: entry.summary)
        (seconds, sent, received) = (entry.seconds, entry.sent, entry.received)
        (decidedBy, note, llm) = (entry.decidedBy, entry.note, entry.llm.map { JSONValue.encoding($0) })
    }
}

extension TranscriptEntry {
    /// A data-stage exchange from a run's report, for `auto`'s transcript (what the report did not
    /// keep stays empty).
    package init(_ line: PreparedClients.StageLine) {
        let llm = line.llm.flatMap { value in
            (try? JSONEncoder().encode(value)).flatMap { try? JSONDecoder().decode(LLMExchange.self, from: $0) }
        }
        self.init(
            stage: line.stage, role: line.role, summary: line.summary, seconds: line.seconds ?? 0,
            sent: line.sent ?? .null, received: line.received ?? .null, decidedBy: line.decidedBy, note: line.note,
            llm: llm)
    }
}
