/// One role's conversation with an LLM, kept whole for the transcript: every prompt sent, every raw
/// reply, every failure, the pauses between retries and what it all cost.
package struct LLMExchange: Codable, Sendable, Equatable {
    package var messages: [ChatMessage]
    package var failures: [String]
    package var backoffSeconds: [Double]
    package var usage: ChatUsage

    package init(messages: [ChatMessage], failures: [String], backoffSeconds: [Double], usage: ChatUsage) {
        self.messages = messages
        self.failures = failures
        self.backoffSeconds = backoffSeconds
        self.usage = usage
    }

    init<Value>(_ outcome: ChatOutcome<Value>) {
        self.init(
            messages: outcome.messages, failures: outcome.failures.map(\.description),
            backoffSeconds: outcome.backoffSeconds, usage: outcome.usage)
    }
}

/// A role's answer and who gave it: "expert" (the embedded rules), "llm" (validated model output),
/// or "expert (fallback)" when the model failed and the expert's answer stands, with a note saying why.
package struct Decided<Value: Codable & Sendable>: Codable, Sendable {
    package var value: Value
    package var decidedBy: String
    package var note: String?
    /// The LLM conversation, when there was one.
    package var llm: LLMExchange?

    /// The expert's own answer, no model involved.
    package static func expert(_ value: Value) -> Decided {
        Decided(value: value, decidedBy: "expert", note: nil, llm: nil)
    }
}

extension Decided: Equatable where Value: Equatable {}
