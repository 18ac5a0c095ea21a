/// The planner's output: what will be built and why, or the questions that must be answered first.
package struct Plan: Codable, Sendable, Equatable {
    /// One step of the plan, owned by one module of the spec.
    package struct Task: Codable, Sendable, Equatable {
        package var module: FederationSpec.Module
        package var description: String
    }

    package var request: String
    package var summary: String
    package var challenges: [Challenge]
    /// Ordered tasks, at least one per module.
    package var tasks: [Task]
    /// The technical setup in a few named values (dataset, clients, model, metric, strategy, ...).
    package var setup: [String: String]
    /// Questions for the user; a plan with questions is not ready to build.
    package var questions: [String]
    /// Values the planner filled in from context, for the user to confirm.
    package var assumptions: [String]
    /// Feedback from the user or the reflector this plan already took into account.
    package var revisions: [String]
    /// Who chose the strategy and what the LLM calls cost (nil: the expert alone planned).
    package var decision: Decision? = nil
    /// What the composed topology must run, step by step (``PlanConformance`` checks it after
    /// composition).
    package var steps: [PlanStep] = []
    /// What the request or the chosen methods ask for that this build does not run, each with what
    /// runs instead, said before the trial.
    package var replacements: [String] = []
    /// When a committee chose the method (`auto --committee`): which, and its trial score against
    /// the other proposals'.
    package var committee: String? = nil

    package var needsAnswers: Bool { !questions.isEmpty }

    /// The plan as the human gate shows it.
    package var text: String {
        var lines = ["Plan: \(summary)"]
        if let committee { lines.append("Chosen by the committee: \(committee)") }
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
package enum Reflection: Codable, Sendable, Equatable {
    case complete
    case incomplete(missing: [String])
}

/// The supervisor's blueprint: the modules to build, in dependency order.
package struct Blueprint: Codable, Sendable, Equatable {
    package struct Step: Codable, Sendable, Equatable {
        package var module: FederationSpec.Module
        package var dependsOn: [FederationSpec.Module]
        /// The plan's tasks this module implements.
        package var tasks: [String]
    }
    package var steps: [Step]
}
