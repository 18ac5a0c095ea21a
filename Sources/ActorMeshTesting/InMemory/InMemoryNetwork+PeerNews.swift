import ActorMesh
extension InMemoryNetwork {
    /// What ``report(_:of:)`` makes the network tell its nodes about a peer's connection.
    package enum PeerNews: Sendable, Equatable {
        /// The connection came up (a ZeroMQ handshake succeeded).
        case up
        /// An established connection dropped (the peer stopped, or heartbeats timed out).
        case disconnected
        /// A connection attempt was refused (nothing listens there) and what was queued discarded.
        case refused
        /// An attempt to reconnect to a peer that was up before failed.
        case reconnectFailed
    }

    /// Tells every bound node but `endpoint` itself what a ZeroMQ socket monitor would tell about
    /// `endpoint` (``TransportEvent/peerUp(peer:)`` or ``TransportEvent/peerDown(peer:error:)``),
    /// so tests drive the mesh's peer liveness deterministically. Moves no message: the in-memory
    /// network has no connections of its own to watch.
    package func report(_ news: PeerNews, of endpoint: String) {
        let event: TransportEvent
        switch news {
        case .up:
            event = .peerUp(peer: endpoint)
        case .disconnected:
            event = .peerDown(
                peer: endpoint,
                error: TransportError(.disconnected, "the connection to \(endpoint) dropped (reported by the test)"))
        case .refused:
            event = .peerDown(
                peer: endpoint,
                error: TransportError(.connectionRefused, "\(endpoint) refused the connection (reported by the test)"))
        case .reconnectFailed:
            event = .peerDown(
                peer: endpoint,
                error: TransportError(
                    .reconnectFailed, "\(endpoint) is down: reconnecting to it fails (reported by the test)"))
        }
        for node in boundNodes where node.endpoint != endpoint { node.enqueue(event) }
    }
}
