/// The planner's output: what will be built and why, or the questions that must be answered first.
public struct Plan: Codable, Sendable, Equatable {
    /// One step of the plan, owned by one module of the spec.
    public struct Task: Codable, Sendable, Equatable {
        public var module: FederationSpec.Module
        public var description: String
    }

    public var request: String
    public var summary: String
    public var challenges: [Challenge]
    /// Ordered tasks, at least one per module.
    public var tasks: [Task]
    /// The technical setup in a few named values (dataset, clients, model, metric, strategy, ...).
    public var setup: [String: String]
    /// Questions for the user; a plan with questions is not ready to build.
    public var questions: [String]
    /// Values the planner filled in from context, for the user to confirm.
    public var assumptions: [String]
    /// Feedback from the user or the reflector this plan already took into account.
    public var revisions: [String]
    /// Who chose the strategy and what the LLM calls cost (nil: the expert alone planned).
    public var decision: Decision? = nil
    /// What the composed topology must run, step by step (``PlanConformance`` checks it after
    /// composition).
    package var steps: [PlanStep] = []
    /// What the request or the chosen methods ask for that this build does not run, each with what
    /// runs instead, said before the trial.
    package var replacements: [String] = []

    public var needsAnswers: Bool { !questions.isEmpty }

    /// The plan as the human gate shows it.
    public var text: String {
        var lines = ["Plan: \(summary)"]
        if !challenges.isEmpty { lines.append("Challenges: " + challenges.map(\.rawValue).joined(separator: ", ")) }
        lines.append(
            "Setup: " + setup.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        for (i, t) in tasks.enumerated() { lines.append("  \(i + 1). [\(t.module.rawValue)] \(t.description)") }
        if !steps.isEmpty { lines.append("Builds: " + steps.map(\.text).joined(separator: "; ")) }
        for r in replacements { lines.append("  NOT BUILT: \(r)") }
        for a in assumptions { lines.append("  assumed: \(a)") }
        for q in questions { lines.append("  QUESTION: \(q)") }
        return lines.joined(separator: "\n")
    }
}

/// The reflector's verdict on a plan.
public enum Reflection: Codable, Sendable, Equatable {
    case complete
    case incomplete(missing: [String])
}

/// The supervisor's blueprint: the modules to build, in dependency order.
public struct Blueprint: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var module: FederationSpec.Module
        public var dependsOn: [FederationSpec.Module]
        /// The plan's tasks this module implements.
        public var tasks: [String]
    }
    public var steps: [Step]
}
