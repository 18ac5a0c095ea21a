import ActorMesh
import Foundation
import Synchronization

/// A transport that hands everything to another and keeps a copy of every message's frames, sent,
/// replied and received: what actually crossed the wire, for tests that check what a message carries.
final class TappedTransport: Transport {
    private let inner: any Transport
    private let seen = Mutex<[[Data]]>([])

    init(_ inner: any Transport) { self.inner = inner }

    /// Every message that crossed this transport, each as its frames' bytes.
    var messages: [[Data]] { seen.withLock { $0 } }

    private func keep(_ frames: [Frame]) {
        let copy = frames.map(\.data)
        seen.withLock { $0.append(copy) }
    }

    var endpoint: String { inner.endpoint }

    func start(_ handler: @escaping @Sendable (TransportEvent) -> Void) throws {
        try inner.start { [weak self] event in
            if case .message(let message) = event { self?.keep(message.frames) }
            handler(event)
        }
    }

    func send(_ frames: [Frame], to peer: String) throws {
        keep(frames)
        try inner.send(frames, to: peer)
    }

    func reply(_ frames: [Frame], via route: ReplyRoute) throws {
        keep(frames)
        try inner.reply(frames, via: route)
    }

    func resetPeer(_ peer: String) { inner.resetPeer(peer) }
    var statistics: TransportStatistics { inner.statistics }
    func shutdown() { inner.shutdown() }
}
