/// Whether this node's connection to a peer node works, as the mesh last heard from its transport
/// (``MeshSystem/peerState(_:)``).
///
/// Only connections this node opened are tracked (the peers it called). A peer it never called,
/// or one the transport cannot watch (inproc://), stays ``Status/unknown``.
public struct PeerState: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Nothing heard yet.
        case unknown
        /// The connection is established (for ZeroMQ: its handshake succeeded).
        case up
        /// The connection dropped, or attempts to connect fail.
        case down
    }

    /// Why a peer is down.
    public enum DownReason: String, Sendable, Codable {
        /// Connection attempts fail: nothing listens at that address (or it cannot be reached).
        case refused
        /// An established connection dropped, heartbeats timed out, or a handshake never completed.
        case disconnected
    }

    /// Whether the connection is up.
    public internal(set) var status: Status = .unknown
    /// When `status` last changed, on the system's ``MeshSettings/clock``; nil while unknown.
    public internal(set) var since: Duration?
    /// Why the peer is down; nil unless it is.
    public internal(set) var downReason: DownReason?
    /// What the transport said when the peer went down; nil unless it is.
    public internal(set) var message: String?
    /// Whether the connection was up at some time since this system started.
    public internal(set) var wasEverUp = false

    /// Nothing known about the peer.
    public static let unknown = PeerState()
}

/// A change of a peer's ``PeerState``, as ``MeshSystem/peerEvents()`` delivers it.
public struct PeerEvent: Sendable, Equatable {
    /// The peer's endpoint (as the actor IDs of its actors name it).
    public let endpoint: String
    /// Its state from now on.
    public let state: PeerState
}
