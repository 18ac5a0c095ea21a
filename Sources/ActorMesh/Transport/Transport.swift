import Foundation

/// Where the reply to an inbound request must go. Opaque to everything but the transport that made it
/// (for ZeroMQ: the ROUTER routing id of the calling peer's DEALER).
public struct ReplyRoute: Sendable, Hashable {
    /// Transport-specific bytes identifying the return path.
    public let token: Data
    public init(token: Data) { self.token = token }
}

/// A message that arrived at this node.
public struct InboundMessage: Sendable {
    /// What arrived on this node's bound endpoint (a request, to be answered along `route`), or on a
    /// connection this node opened to a peer (a reply to one of our requests).
    public enum Channel: Sendable, Hashable {
        /// Arrived on our bound socket; answer with ``Transport/reply(_:via:)``.
        case inbound(ReplyRoute)
        /// Arrived on the outbound connection to `peer` (the endpoint we sent to).
        case outbound(peer: String)
    }
    public var frames: [Frame]
    public var channel: Channel
    public init(frames: [Frame], channel: Channel) {
        self.frames = frames
        self.channel = channel
    }
}

/// What a transport reports to its owner.
public enum TransportEvent: Sendable {
    /// A message arrived.
    case message(InboundMessage)
    /// The connection to `peer` failed in a way no retry will fix (for example the peer refused our
    /// CURVE key). Calls waiting on that peer should fail now with `error` instead of timing out.
    case peerFailed(peer: String, error: TransportError)
    /// The outbound connection to `peer` is established and ready for messages (for ZeroMQ: its
    /// handshake, CURVE or not, succeeded). Comes again after every reconnection.
    case peerUp(peer: String)
    /// The outbound connection to `peer` is not usable, for the reason in `error`:
    /// - ``TransportError/Code/disconnected``: an established connection dropped (the peer stopped,
    ///   stopped answering heartbeats, or the network failed), or a connection was accepted but its
    ///   handshake never completed. Whatever it carried is lost; the transport reconnects by itself.
    /// - ``TransportError/Code/connectionRefused``: an attempt to connect to a peer that was never
    ///   up failed (nothing listens at that address, or it cannot be reached). The transport forgets
    ///   the connection and discards what was queued for it: those messages are never delivered, and
    ///   the next `send` dials anew.
    /// - ``TransportError/Code/reconnectFailed``: an attempt to reconnect to a peer that was up before
    ///   failed. What is queued stays queued for the next attempt (every few hundred milliseconds),
    ///   and this is reported after each failed one, so the owner can fail what was already waiting
    ///   at the previous attempt while a restarted peer still gets what was sent just before it came
    ///   back.
    case peerDown(peer: String, error: TransportError)
    /// A message larger than the transport's maximum message size arrived and was dropped unread
    /// (`bytes` in `frames` parts): counted as refused, never handed on.
    case oversized(channel: InboundMessage.Channel, bytes: Int, frames: Int)
}

/// Moves multipart messages between nodes. Knows nothing of actors: the envelope is just the first frame.
///
/// Contract for every implementation:
/// - `send` and `reply` never block: when a message cannot be queued at once they throw
///   ``TransportError`` (`.wouldBlock`, `.peerUnreachable`, …) and the caller fails the call.
/// - Messages to one peer keep their order. A message to a peer that is not up yet may be queued
///   (as ZeroMQ does) and delivered when it comes up: the envelope's incarnation check deals with that.
/// - The handler is called serially, on a transport-owned thread, and must not block.
/// - `frames` handed to `send`/`reply` are what crosses the wire, byte for byte; the transport adds only
///   its own framing. ``TransportStatistics`` counts exactly these frames.
/// - Peer news (`peerUp`/`peerDown`) is reported for the outbound connections this node opened, when
///   the transport can see it (ZeroMQ: tcp:// and ipc:// through socket monitors and heartbeats; not
///   inproc://). The in-memory transport reports it only when a test says so
///   (`InMemoryNetwork.report(_:of:)`). A transport that cannot tell never reports it; the caller's
///   deadline remains the last resort.
public protocol Transport: Sendable {
    /// The endpoint peers use to reach this node, resolved after `start` (e.g. `tcp://127.0.0.1:49731`).
    var endpoint: String { get }
    /// Binds and starts delivering events to `handler`. Called once.
    func start(_ handler: @escaping @Sendable (TransportEvent) -> Void) throws
    /// Sends `frames` to the node bound at `peer`, connecting on first use.
    func send(_ frames: [Frame], to peer: String) throws
    /// Sends `frames` back along the route an inbound request came from.
    func reply(_ frames: [Frame], via route: ReplyRoute) throws
    /// Drops any cached connection to `peer`; the next send connects anew (used after a peer restart).
    func resetPeer(_ peer: String)
    /// Counts of what this transport really sent and received (application frames).
    var statistics: TransportStatistics { get }
    /// Stops the I/O, closes every socket and stops calling the handler. Idempotent.
    func shutdown()
}

/// Totals of application frames a transport put on, or took off, the wire.
public struct TransportStatistics: Sendable, Equatable, Codable {
    public var messagesSent = 0
    public var framesSent = 0
    public var bytesSent = 0
    public var messagesReceived = 0
    public var framesReceived = 0
    public var bytesReceived = 0
    public init() {}

    /// Adds one sent message of `frames`.
    package mutating func recordSent(_ frames: [Frame]) {
        messagesSent += 1
        framesSent += frames.count
        bytesSent += frames.reduce(0) { $0 + $1.count }
    }
    /// Adds one received message of `frames`.
    package mutating func recordReceived(_ frames: [Frame]) {
        messagesReceived += 1
        framesReceived += frames.count
        bytesReceived += frames.reduce(0) { $0 + $1.count }
    }
}
