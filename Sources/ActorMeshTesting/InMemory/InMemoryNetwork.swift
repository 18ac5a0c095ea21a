import ActorMesh
import Foundation
import Synchronization

/// A network of in-memory nodes in one process, for fast deterministic tests. Endpoints are `mem://<name>`.
///
/// It behaves like ZeroMQ where tests depend on it: a message to an endpoint nobody has bound yet is
/// queued (up to ``highWaterMark`` per endpoint) and delivered when a node binds it, and a reply to a
/// caller that has gone is dropped silently.
package final class InMemoryNetwork: Sendable {
    /// Messages queued per unbound endpoint before `send` reports `.wouldBlock`.
    package let highWaterMark: Int

    private struct State {
        var nodes: [String: InMemoryTransport] = [:]
        var parked: [String: [InboundMessage]] = [:]
    }
    private let state = Mutex(State())

    package init(highWaterMark: Int = 1000) {
        self.highWaterMark = highWaterMark
    }

    /// Endpoints bound now.
    package var endpoints: [String] { state.withLock { $0.nodes.keys.sorted() } }

    func attach(_ node: InMemoryTransport) throws(TransportError) {
        let parked = try state.withLock { s throws(TransportError) -> [InboundMessage] in
            guard s.nodes[node.endpoint] == nil else {
                throw TransportError(
                    .bindFailed, "\(node.endpoint) is already bound in this in-memory network: pick another name")
            }
            s.nodes[node.endpoint] = node
            return s.parked.removeValue(forKey: node.endpoint) ?? []
        }
        for message in parked { node.enqueue(.message(message)) }
    }

    /// The transports bound now.
    var boundNodes: [InMemoryTransport] { state.withLock { Array($0.nodes.values) } }

    func detach(_ node: InMemoryTransport) {
        state.withLock { s in
            if s.nodes[node.endpoint] === node { s.nodes.removeValue(forKey: node.endpoint) }
        }
    }

    /// Delivers a request to `peer`, or queues it until `peer` is bound.
    func route(_ message: InboundMessage, to peer: String) throws(TransportError) {
        let node = try state.withLock { s throws(TransportError) -> InMemoryTransport? in
            if let node = s.nodes[peer] { return node }
            guard s.parked[peer, default: []].count < highWaterMark else {
                throw TransportError(
                    .wouldBlock, "\(highWaterMark) messages already wait for \(peer), which is not bound")
            }
            s.parked[peer, default: []].append(message)
            return nil
        }
        node?.enqueue(.message(message))
    }

    /// Delivers a reply to `peer` if it is bound; drops it otherwise.
    func routeReply(_ message: InboundMessage, to peer: String) {
        state.withLock { $0.nodes[peer] }?.enqueue(.message(message))
    }
}
