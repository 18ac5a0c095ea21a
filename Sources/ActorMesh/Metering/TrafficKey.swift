/// One row of the traffic ledger: which peer, which actor type and method, which way, what kind.
public struct TrafficKey: Hashable, Sendable, Codable, Comparable {
    /// Which way the bytes went, seen from this node.
    public enum Direction: String, Sendable, Codable, Comparable {
        case sent, received
        /// Handed to fault injection and dropped there: never crossed the socket.
        case dropped
        /// Arrived but was refused before any actor saw it (another run, not the coordinator, unknown
        /// actor or method, malformed, too large, stale, wrong build): in the fixed rows of
        /// `TrafficKey.refused(_:)`.
        case rejected
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }
    /// Whether the message was a request or an answer to one.
    public enum Kind: String, Sendable, Codable, Comparable {
        case request, reply
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    /// The other node's endpoint (`?` when a malformed frame did not say).
    public var peer: String
    /// The called actor's type, e.g. `Federation.ClientActor`.
    public var actorType: String
    /// The distributed method, e.g. `fit(_:)`.
    public var method: String
    public var direction: Direction
    public var kind: Kind

    public init(peer: String, actorType: String, method: String, direction: Direction, kind: Kind) {
        self.peer = peer
        self.actorType = actorType
        self.method = method
        self.direction = direction
        self.kind = kind
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.peer, a.actorType, a.method, a.direction, a.kind) < (b.peer, b.actorType, b.method, b.direction, b.kind)
    }
}

/// Counts for one ledger row. Envelope bytes are the header frames; payload bytes the argument and
/// result frames. Together they are every application byte that crossed the socket.
public struct TrafficCounters: Sendable, Codable, Equatable {
    public var messages = 0
    public var frames = 0
    public var envelopeBytes = 0
    public var payloadBytes = 0
    public init() {}

    /// Envelope plus payload bytes.
    public var totalBytes: Int { envelopeBytes + payloadBytes }

    public static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.messages += b.messages
        sum.frames += b.frames
        sum.envelopeBytes += b.envelopeBytes
        sum.payloadBytes += b.payloadBytes
        return sum
    }
}

extension TrafficKey {
    /// The peer and actor type of every refused message's row.
    package static let refusedName = "<refused>"

    /// The one row of messages refused with `code` (foreign run, not the coordinator, unknown actor or
    /// method, malformed, wrong build, stale, too large): its key comes from the mesh, never from the
    /// sender, so refused traffic takes a bounded number of rows whatever peers send.
    package static func refused(_ code: MeshError.Code) -> TrafficKey {
        TrafficKey(
            peer: refusedName, actorType: refusedName, method: code.rawValue, direction: .rejected, kind: .request)
    }
}
