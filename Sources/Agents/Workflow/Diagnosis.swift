/// What the evaluator found wrong with a trial run, in two levels.
package struct Diagnosis: Codable, Sendable, Equatable {
    package enum Level: String, Codable, Sendable {
        /// Runtime: the run did not work (error, crash, nobody trained).
        case l1Runtime = "L1"
        /// Semantics: it ran, but the learning is wrong (no progress, divergence, chance accuracy).
        case l2Semantics = "L2"
    }

    /// A finding, with a stable code the debugger acts on.
    package enum Finding: String, Codable, Sendable {
        case runFailed = "run_failed"
        case invalidSpec = "invalid_spec"
        case zeroParticipation = "zero_participation"
        case diverged
        case nonFinite = "non_finite"
        case chanceAccuracy = "chance_accuracy"
        case frozenMetrics = "frozen_metrics"
        case stragglersStarveRounds = "stragglers_starve_rounds"
    }

    package struct Issue: Codable, Sendable, Equatable {
        package var level: Level
        package var finding: Finding
        package var detail: String

        package init(level: Level, finding: Finding, detail: String) {
            self.level = level
            self.finding = finding
            self.detail = detail
        }
    }

    package var issues: [Issue]
    /// The trial's final accuracy, if it ran.
    package var accuracy: Double?

    package init(issues: [Issue], accuracy: Double?) {
        self.issues = issues
        self.accuracy = accuracy
    }

    package var passed: Bool { issues.isEmpty }
    package var passedL1: Bool { !issues.contains { $0.level == .l1Runtime } }
}
