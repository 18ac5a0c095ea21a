import Synchronization

/// Stops asking an LLM endpoint that keeps failing: after `threshold` requests in a row end without a
/// reply (no connection, a timeout, an HTTP error), it opens, and every later question goes straight
/// to the expert for the rest of the run instead of costing every role its retries and timeouts.
/// Any reply, even one whose answer is rejected, shows the endpoint is up and closes the streak.
/// Shared by every copy of a ``ChatClient`` (the roles of a run share one client per endpoint).
final class CircuitBreaker: Sendable {
    let threshold: Int
    private let state = Mutex(State())

    private struct State {
        var failuresInARow = 0
        var open = false
        var announced = false
    }

    init(threshold: Int) {
        self.threshold = max(1, threshold)
    }

    /// Whether the endpoint may be asked.
    var isOpen: Bool { state.withLock { $0.open } }

    /// A request got a reply.
    func replied() {
        state.withLock { s in if !s.open { s.failuresInARow = 0 } }
    }

    /// A request got no reply; returns whether this failure opened the breaker.
    @discardableResult
    func failed() -> Bool {
        state.withLock { s in
            guard !s.open else { return false }
            s.failuresInARow += 1
            if s.failuresInARow >= threshold { s.open = true }
            return s.open
        }
    }

    /// True once, for the first question answered by the expert because the breaker is open: the
    /// run says so then, and not again.
    func takeAnnouncement() -> Bool {
        state.withLock { s in
            guard s.open, !s.announced else { return false }
            s.announced = true
            return true
        }
    }
}
