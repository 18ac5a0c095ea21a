/// One role's conversation with an LLM, kept whole for the transcript: every prompt sent, every raw
/// reply, every failure, the pauses between retries and what it all cost.
public struct LLMExchange: Codable, Sendable, Equatable {
    public var messages: [ChatMessage]
    public var failures: [String]
    public var backoffSeconds: [Double]
    public var usage: ChatUsage

    public init(messages: [ChatMessage], failures: [String], backoffSeconds: [Double], usage: ChatUsage) {
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
public struct Decided<Value: Codable & Sendable>: Codable, Sendable {
    public var value: Value
    public var decidedBy: String
    public var note: String?
    /// The LLM conversation, when there was one.
    public var llm: LLMExchange?

    /// The expert's own answer, no model involved.
    public static func expert(_ value: Value) -> Decided {
        Decided(value: value, decidedBy: "expert", note: nil, llm: nil)
    }
}

extension Decided: Equatable where Value: Equatable {}
