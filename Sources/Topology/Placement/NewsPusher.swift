import Synchronization

/// Sends a placed server's news to its driver one message at a time, in the order it was posted,
/// each delivery awaited before the next (``NewsOutbox`` decides what a failed one means). Posting
/// never waits: the server's rounds do not slow down for the driver, and go on without it.
final class NewsPusher: Sendable {
    /// The outbox, shared by the pusher and its draining task.
    private final class Shared: Sendable {
        let outbox = Mutex(NewsOutbox())
    }

    private let shared = Shared()
    private let wake: AsyncStream<Void>.Continuation
    private let draining: Task<Void, Never>

    /// `send` delivers one message (with its own deadline); a failed delivery is tried again after
    /// `retryDelay`.
    init(retryDelay: Duration = .milliseconds(500), send: @escaping @Sendable (NewsMessage) async throws -> Void) {
        let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        let shared = self.shared
        draining = Task {
            for await _ in wakes {
                while let message = shared.outbox.withLock({ $0.next }) {
                    do {
                        try await send(message)
                        shared.outbox.withLock { $0.deliveredNext() }
                    } catch {
                        if shared.outbox.withLock({ $0.deliveryFailed() }) { try? await Task.sleep(for: retryDelay) }
                    }
                }
            }
        }
    }

    /// Queues `news` for the driver.
    func post(_ news: RunNews) {
        _ = shared.outbox.withLock { $0.add(news) }
        wake.yield()
    }

    /// Returns once everything posted is delivered, or the driver is taken to be gone.
    func finish() async {
        wake.finish()
        await draining.value
    }

    /// Whether the driver is taken to be gone (its deliveries failed).
    var driverGone: Bool { shared.outbox.withLock { $0.driverGone } }

    /// How many messages the driver took.
    var delivered: Int { shared.outbox.withLock { $0.delivered } }
}
