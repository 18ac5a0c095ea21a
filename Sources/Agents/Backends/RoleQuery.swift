import Federation

/// What a role asks an LLM: its own prompt, the JSON schema the answer must follow, and the check
/// that turns the reply into the role's typed value (throwing what to fix, which is fed back).
struct RoleQuery<Value: Codable & Sendable>: Sendable {
    var role: String
    var system: String
    var user: String
    var schema: JSONValue
    var validate: @Sendable (String) throws -> Value
}

extension ChatClient {
    /// Asks `query`, within the client's attempts and backoff. The validated answer wins; when the
    /// endpoint fails or every reply is rejected, `expert` stands, and the note says so and why.
    func decide<Value>(_ query: RoleQuery<Value>, expert: Value) async -> Decided<Value> {
        let outcome = await ask(system: query.system, user: query.user, schema: query.schema, validate: query.validate)
        let exchange = LLMExchange(outcome)
        if let value = outcome.value {
            return Decided(value: value, decidedBy: "llm", note: nil, llm: exchange)
        }
        if outcome.failures.last?.kind == .endpointOff {
            // Said once in the run, when the endpoint is given up; later questions are the expert's alone.
            let note =
                breaker.takeAnnouncement()
                ? """
                the LLM endpoint \(config.baseURL) failed \(breaker.threshold) times in a row: every role uses the \
                embedded expert for the rest of the run
                """
                : nil
            return Decided(
                value: expert, decidedBy: "expert (LLM endpoint off)", note: note,
                llm: outcome.usage.calls > 0 ? exchange : nil)
        }
        let why = outcome.failures.last.map(\.description) ?? "no answer"
        return Decided(
            value: expert, decidedBy: "expert (fallback)",
            note:
                """
                the \(query.role)'s LLM gave no valid answer in \(outcome.usage.calls) call(s) (last: \(why)); the \
                embedded expert's answer stands
                """,
            llm: exchange)
    }
}
