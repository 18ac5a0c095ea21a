/// Whether this node's connection to a peer node works, as the mesh last heard from its transport
/// (``MeshSystem/peerState(_:)``).
///
/// Only connections this node opened are tracked (the peers it called). A peer it never called,
/// or one the transport cannot watch (inproc://), stays ``Status/unknown``.
package struct PeerState: Sendable, Equatable {
    package enum Status: String, Sendable, Codable {
        /// Nothing heard yet.
        case unknown
        /// The connection is established (for ZeroMQ: its handshake succeeded).
        case up
        /// The connection dropped, or attempts to connect fail.
        case down
    }

    /// Why a peer is down.
    package enum DownReason: String, Sendable, Codable {
        /// Connection attempts fail: nothing listens at that address (or it cannot be reached).
        case refused
        /// An established connection dropped, heartbeats timed out, or a handshake never completed.
        case disconnected
    }

    /// Whether the connection is up.
    package internal(set) var status: Status = .unknown
    /// When `status` last changed, on the system's ``MeshSettings/clock``; nil while unknown.
    package internal(set) var since: Duration?
    /// Why the peer is down; nil unless it is.
    package internal(set) var downReason: DownReason?
    /// What the transport said when the peer went down; nil unless it is.
    package internal(set) var message: String?
    /// Whether the connection was up at some time since this system started.
    package internal(set) var wasEverUp = false

    /// Nothing known about the peer.
    package static let unknown = PeerState()
}

/// A change of a peer's ``PeerState``, as ``MeshSystem/peerEvents()`` delivers it.
package struct PeerEvent: Sendable, Equatable {
    /// The peer's endpoint (as the actor IDs of its actors name it).
    package let endpoint: String
    /// Its state from now on.
    package let state: PeerState
}
