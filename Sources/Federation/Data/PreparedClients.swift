/// Which clients train after the data stages of a `messy:` run, which were left out and why, and
/// what the stages said: the record a run's report keeps of them.
package struct PreparedClients: Codable, Sendable, Equatable {
    /// One exchange of the data stages: the stage, who answered, and what, in one line, with the
    /// exchange in full when it was kept (nil in reports written before it was).
    package struct StageLine: Codable, Sendable, Equatable {
        package var stage: String
        package var role: String
        package var summary: String
        /// Wall seconds the call took.
        package var seconds: Double? = nil
        /// The call's argument and the answer, in full (cards, rules, mappings, reports: never samples).
        package var sent: JSONValue? = nil
        package var received: JSONValue? = nil
        /// "expert", "llm" or "expert (fallback)" for the harmonizer, and why it fell back.
        package var decidedBy: String? = nil
        package var note: String? = nil
        /// The harmonizer's LLM prompts and raw replies, when it asked one.
        package var llm: JSONValue? = nil

        package init(stage: String, role: String, summary: String) {
            self.stage = stage
            self.role = role
            self.summary = summary
        }
    }

    /// The clients that train, each on the data its node's data agent prepared.
    package var training: [Int]
    /// The clients left out, with why (refused at selection, or no sample left once cleaned and relabelled).
    package var leftOut: [Int: String]
    /// Every exchange of the stages, in order (empty when not recorded).
    package var transcript: [StageLine]
    /// What the run changed because of the stages (e.g. `min_fit` lowered to the clients that train).
    package var notes: [String]
    /// The server data agent's cleaning rules, kept so a node restarted during the run can clean its
    /// clients' data again (nil when not recorded).
    package var rules: CleaningRules?
    /// The server data agent's label mapping for each client that trains, kept for the same reason.
    package var mappings: [Int: LabelMapping]
    /// Each training client's samples per task class once relabelled: what a restarted node's
    /// re-preparation must give again.
    package var labelCounts: [Int: [String: Int]]

    package init(
        training: [Int], leftOut: [Int: String], transcript: [StageLine] = [], notes: [String] = [],
        rules: CleaningRules? = nil, mappings: [Int: LabelMapping] = [:], labelCounts: [Int: [String: Int]] = [:]
    ) {
        self.training = training
        self.leftOut = leftOut
        self.transcript = transcript
        self.notes = notes
        self.rules = rules
        self.mappings = mappings
        self.labelCounts = labelCounts
    }

    /// One line for the report and the console: how many train, and who was left out and why.
    package var summary: String {
        let total = training.count + leftOut.count
        let left = leftOut.sorted { $0.key < $1.key }.map { "client \($0.key): \($0.value)" }
        return "\(training.count) of \(total) clients train on prepared data"
            + (left.isEmpty ? "" : "; left out: " + left.joined(separator: "; "))
            + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))
    }
}
