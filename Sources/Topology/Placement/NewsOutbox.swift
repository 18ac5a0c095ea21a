/// The server's side of the news stream, as a value: numbers each piece of news, keeps what was made
/// (for a driver that attaches later), and decides what a failed delivery means. A delivery that
/// fails is tried again ``attempts`` times in all; after that the driver is taken to be gone and no
/// more news is sent (the run goes on: the server finishes it and writes its report on its host).
struct NewsOutbox: Sendable {
    /// Deliveries of one piece of news before the driver is taken to be gone.
    static let attempts = 3

    private(set) var made: [NewsMessage] = []
    /// How many of `made` the driver has taken.
    private(set) var delivered = 0
    private(set) var driverGone = false
    private var failures = 0

    /// Numbers `news` and keeps it.
    mutating func add(_ news: RunNews) -> NewsMessage {
        let message = NewsMessage(sequence: made.count + 1, news: news)
        made.append(message)
        return message
    }

    /// The next message to deliver, or nil when all are delivered or the driver is gone.
    var next: NewsMessage? {
        driverGone || delivered >= made.count ? nil : made[delivered]
    }

    /// The driver took the next message.
    mutating func deliveredNext() {
        delivered += 1
        failures = 0
    }

    /// Delivering the next message failed; returns whether to try it again.
    mutating func deliveryFailed() -> Bool {
        failures += 1
        if failures >= Self.attempts { driverGone = true }
        return !driverGone
    }
}
