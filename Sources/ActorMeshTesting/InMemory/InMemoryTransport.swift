import ActorMesh
import Foundation
import Synchronization

/// A ``Transport`` inside one process, over an ``InMemoryNetwork``. Frames are copied on send, as a
/// wire would, and delivered in order; the handler is called serially, never re-entrantly.
package final class InMemoryTransport: Transport {
    package let endpoint: String
    private let network: InMemoryNetwork

    private struct Inbox {
        var handler: (@Sendable (TransportEvent) -> Void)?
        var queue: [TransportEvent] = []
        var head = 0
        var draining = false
        var isShutDown = false
        var stats = TransportStatistics()
    }
    private let inbox = Mutex(Inbox())

    /// A node reachable as `mem://<name>` on `network`.
    package init(name: String, network: InMemoryNetwork) {
        endpoint = name.hasPrefix("mem://") ? name : "mem://\(name)"
        self.network = network
    }

    package func start(_ handler: @escaping @Sendable (TransportEvent) -> Void) throws {
        try inbox.withLock { box throws(TransportError) in
            guard !box.isShutDown else {
                throw TransportError(.shutDown, "\(endpoint) was shut down; make a new transport")
            }
            guard box.handler == nil else { throw TransportError(.bindFailed, "\(endpoint) is already started") }
            box.handler = handler
        }
        try network.attach(self)
    }

    package func send(_ frames: [Frame], to peer: String) throws {
        try checkOpen()
        let copy = frames.map { Frame($0.data) }
        inbox.withLock { $0.stats.recordSent(copy) }
        try network.route(
            InboundMessage(frames: copy, channel: .inbound(ReplyRoute(token: Data(endpoint.utf8)))), to: peer)
    }

    package func reply(_ frames: [Frame], via route: ReplyRoute) throws {
        try checkOpen()
        let copy = frames.map { Frame($0.data) }
        inbox.withLock { $0.stats.recordSent(copy) }
        network.routeReply(
            InboundMessage(frames: copy, channel: .outbound(peer: endpoint)),
            to: String(decoding: route.token, as: UTF8.self))
    }

    package func resetPeer(_ peer: String) {}

    package var statistics: TransportStatistics { inbox.withLock { $0.stats } }

    package func shutdown() {
        let wasOpen = inbox.withLock { box -> Bool in
            defer { box.isShutDown = true; box.handler = nil; box.queue.removeAll() }
            return !box.isShutDown
        }
        if wasOpen { network.detach(self) }
    }

    private func checkOpen() throws(TransportError) {
        if inbox.withLock({ $0.isShutDown }) {
            throw TransportError(.shutDown, "\(endpoint) is shut down")
        }
    }

    /// Queues an event and, unless another thread is already delivering, delivers the queue in order.
    func enqueue(_ event: TransportEvent) {
        let shouldDrain = inbox.withLock { box -> Bool in
            guard !box.isShutDown else { return false }
            if case .message(let m) = event { box.stats.recordReceived(m.frames) }
            box.queue.append(event)
            if box.draining { return false }
            box.draining = true
            return true
        }
        guard shouldDrain else { return }
        while true {
            let next = inbox.withLock { box -> (TransportEvent, @Sendable (TransportEvent) -> Void)? in
                guard box.head < box.queue.count, let handler = box.handler else {
                    box.queue.removeAll()
                    box.head = 0
                    box.draining = false
                    return nil
                }
                defer { box.head += 1 }
                return (box.queue[box.head], handler)
            }
            guard let (event, handler) = next else { return }
            handler(event)
        }
    }
}
