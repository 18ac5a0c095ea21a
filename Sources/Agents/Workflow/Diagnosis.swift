/// What the evaluator found wrong with a trial run, in two levels.
public struct Diagnosis: Codable, Sendable, Equatable {
    public enum Level: String, Codable, Sendable {
        /// Runtime: the run did not work (error, crash, nobody trained).
        case l1Runtime = "L1"
        /// Semantics: it ran, but the learning is wrong (no progress, divergence, chance accuracy).
        case l2Semantics = "L2"
    }

    /// A finding, with a stable code the debugger acts on.
    public enum Finding: String, Codable, Sendable {
        case runFailed = "run_failed"
        case invalidSpec = "invalid_spec"
        case zeroParticipation = "zero_participation"
        case diverged
        case nonFinite = "non_finite"
        case chanceAccuracy = "chance_accuracy"
        case frozenMetrics = "frozen_metrics"
        case stragglersStarveRounds = "stragglers_starve_rounds"
    }

    public struct Issue: Codable, Sendable, Equatable {
        public var level: Level
        public var finding: Finding
        public var detail: String

        public init(level: Level, finding: Finding, detail: String) {
            self.level = level
            self.finding = finding
            self.detail = detail
        }
    }

    public var issues: [Issue]
    /// The trial's final accuracy, if it ran.
    public var accuracy: Double?

    public init(issues: [Issue], accuracy: Double?) {
        self.issues = issues
        self.accuracy = accuracy
    }

    public var passed: Bool { issues.isEmpty }
    public var passedL1: Bool { !issues.contains { $0.level == .l1Runtime } }
}
