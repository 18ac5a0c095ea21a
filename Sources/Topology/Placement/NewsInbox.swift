/// The driver's side of the news stream, as a value: takes each message once and hands the news on
/// in the server's order, holding a message that arrives before the ones it follows.
struct NewsInbox: Sendable {
    /// The sequence number of the next message to hand on.
    private(set) var expected = 1
    private var early: [Int: RunNews] = [:]
    /// Whether the final news (the report, or the failure) has been handed on.
    private(set) var finished = false

    /// Takes `message`; returns the news that can now be handed on, in order (none for a message seen
    /// before, or one that arrived early).
    mutating func accept(_ message: NewsMessage) -> [RunNews] {
        guard !finished, message.sequence >= expected else { return [] }
        early[message.sequence] = message.news
        var ready: [RunNews] = []
        while let news = early.removeValue(forKey: expected) {
            ready.append(news)
            expected += 1
            if news.isFinal {
                finished = true
                early.removeAll()
                break
            }
        }
        return ready
    }
}
