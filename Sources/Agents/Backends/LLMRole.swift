/// The roles that can decide through an LLM. The module testers and the evaluator are not among
/// them: they execute real checks (building the data, training a step, running a trial) and stay
/// deterministic; the human gate asks the user.
package enum LLMRole: String, Sendable, CaseIterable, Codable {
    /// Chooses the strategy among those this build runs.
    case planner
    /// Judges the plan COMPLETE, or INCOMPLETE with what is missing.
    case reflector
    /// Orders the four modules and their dependencies (the blueprint).
    case supervisor
    /// Each module coder writes its module of the spec.
    case coders
    /// Turns the evaluator's report into a patch of the spec.
    case debugger
    /// The server data agent's label harmonization: reads the client labels its glossary is unsure of.
    case harmonizer
    /// The committee's LLM reviewer (`auto --committee`): ranks strategies with reasons.
    case reviewers

    /// Roles that exist but never use an LLM, with the reason, for error messages.
    static let deterministic: [String: String] = [
        "testers": "the module testers execute real checks",
        "evaluator": "the evaluator runs a real trial",
        "human-gate": "the human gate asks the user",
    ]
}

/// Which backend decides for a role.
package enum BackendKind: String, Sendable, Codable, CaseIterable {
    /// The embedded expert: offline and deterministic.
    case expert
    /// An OpenAI-compatible server (falls back to the expert, saying so).
    case llm
}
