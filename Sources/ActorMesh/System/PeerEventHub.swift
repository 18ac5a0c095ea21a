import Synchronization

/// The subscribers of ``MeshSystem/peerEvents()``: each gets every change published after it
/// subscribed, in order, until it stops listening or the hub finishes (at shutdown).
///
/// Streams buffer without bound: changes are rare (a peer going down or up), and a roster that
/// missed one would be wrong for good.
final class PeerEventHub: Sendable {
    private struct State {
        var nextID = 0
        var subscribers: [Int: AsyncStream<PeerEvent>.Continuation] = [:]
        var finished = false
    }
    private let state = Mutex(State())

    /// A new stream of the changes published from now on (already finished after ``finish()``).
    func subscribe() -> AsyncStream<PeerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: PeerEvent.self, bufferingPolicy: .unbounded)
        let id = state.withLock { s -> Int? in
            guard !s.finished else { return nil }
            s.nextID += 1
            s.subscribers[s.nextID] = continuation
            return s.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return stream
    }

    /// Hands `event` to every subscriber. Callers publish from one thread at a time (the
    /// transport's), so every subscriber sees the changes in the order they happened.
    func publish(_ event: PeerEvent) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// Ends every stream; later subscribers get a finished one.
    func finish() {
        let subscribers = state.withLock { s -> [AsyncStream<PeerEvent>.Continuation] in
            s.finished = true
            defer { s.subscribers.removeAll() }
            return Array(s.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// Number of streams that still listen.
    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    private func unsubscribe(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}
