/// One message of a chat exchange, as sent to the model or as the model answered it.
package struct ChatMessage: Codable, Sendable, Equatable {
    /// "system", "user" or "assistant" (sent to the model), or "error": a note for the transcript
    /// that a request got no usable reply (never sent).
    package var role: String
    /// The full text; an assistant message is the model's raw reply, unedited.
    package var content: String

    package init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// What one question to the model cost, for the metering.
package struct ChatUsage: Codable, Sendable, Equatable {
    package var calls = 0
    package var promptTokens = 0
    package var completionTokens = 0
    package var seconds = 0.0
    package init() {}
    package var tokens: Int { promptTokens.addingSaturated(completionTokens) }

    /// Both usages summed (counts held at `Int.max` rather than overflowing: they come from servers and transcripts).
    package static func + (a: ChatUsage, b: ChatUsage) -> ChatUsage {
        var sum = a
        sum.calls = a.calls.addingSaturated(b.calls)
        sum.promptTokens = a.promptTokens.addingSaturated(b.promptTokens)
        sum.completionTokens = a.completionTokens.addingSaturated(b.completionTokens)
        sum.seconds += b.seconds
        return sum
    }
}
