/// Rate limit for the warnings a node logs about messages it refuses: at most one line per peer per
/// ``interval``, carrying how many were refused since that peer's last line. A fuzzing peer then costs
/// one line a second instead of one per message (14 MB of warnings were measured without it).
///
/// Bounded whatever the peers send: at most ``maxPeers`` peers are tracked one by one; past that, peers
/// not yet tracked share one entry, `others`. A peer that signs every message with another name (a
/// sender name is the sender's to choose) so gets at most ``maxPeers`` + 1 lines a second.
struct RefusalLog: Sendable {
    struct Entry: Sendable {
        var lastLine: Duration
        var suppressed: Int
    }

    /// The shared entry of peers past ``maxPeers``.
    static let others = "<other peers>"
    let interval: Duration
    let maxPeers: Int
    private(set) var entries: [String: Entry] = [:]

    init(interval: Duration = .seconds(1), maxPeers: Int = 16) {
        self.interval = interval
        self.maxPeers = maxPeers
    }

    /// Notes one refused message from `peer` at `now`. Returns `nil` when no line is due (the message
    /// is counted for the next one), else the peer name to log under and how many messages the line
    /// stands for (this one included).
    mutating func note(peer: String, now: Duration) -> (peer: String, count: Int)? {
        var key = peer
        if entries[key] == nil, entries.count >= maxPeers {
            // Forget peers whose last line is old enough that their next one would be due anyway.
            entries = entries.filter { now - $0.value.lastLine < interval }
            if entries.count >= maxPeers { key = Self.others }
        }
        guard var entry = entries[key] else {
            entries[key] = Entry(lastLine: now, suppressed: 0)
            return (key, 1)
        }
        guard now - entry.lastLine >= interval else {
            entry.suppressed += 1
            entries[key] = entry
            return nil
        }
        let count = entry.suppressed + 1
        entries[key] = Entry(lastLine: now, suppressed: 0)
        return (key, count)
    }
}
