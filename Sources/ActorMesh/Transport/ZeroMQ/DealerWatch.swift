import ZeroMQ

/// What the socket monitor of one DEALER has said about its connection to `peer`, and what each
/// new monitor event means for the transport's owner.
///
/// A plain value, so the reading of libzmq's (4.3) events is testable without sockets. What the
/// events mean, from libzmq's connecter and engine:
/// - `CONNECT_DELAYED`: an attempt started and waits for the peer (a refusal on loopback can come
///   without it, straight from connect(2)).
/// - `CLOSED`: the attempt ended without a connection (refused, unreachable, or past the connect
///   timeout); libzmq retries after its reconnect interval, each time with a new `CLOSED` on failure.
/// - `HANDSHAKE_SUCCEEDED`: the connection is usable (sent for every mechanism, NULL included).
/// - `DISCONNECTED`: a connection closed: the peer went away, heartbeats timed out, or the
///   handshake failed or timed out (a frozen process whose kernel still accepts connections).
///   `HANDSHAKE_FAILED_*` come before it in the last case.
/// `CONNECT_RETRIED` is not used: libzmq also sends it right after a disconnect, before any attempt.
struct DealerWatch {
    /// What the transport must do about one monitor event.
    struct Outcome {
        /// Tell the owner this.
        var event: TransportEvent?
        /// Close the DEALER, discarding what is queued on it (the next send dials anew).
        var forget = false
        /// Log this.
        var warning: String?
    }

    let peer: String
    /// Whether the DEALER authenticates with CURVE (a failed handshake then is a key problem).
    let curve: Bool
    /// How long one attempt may take; an attempt that failed after about this long timed out.
    let connectTimeoutMilliseconds: UInt64
    let handshakeTimeoutMilliseconds: UInt64

    /// The connection is up now.
    private(set) var isUp = false
    /// A connection of this DEALER was up at some time.
    private(set) var wasEverUp = false
    /// A CURVE failure was reported and nothing has succeeded since (it is reported once).
    private var securityFailed = false
    /// When the current attempt started (monotonic milliseconds), if `CONNECT_DELAYED` said so.
    private var attemptStarted: UInt64?

    init(peer: String, curve: Bool, connectTimeoutMilliseconds: UInt64, handshakeTimeoutMilliseconds: UInt64) {
        self.peer = peer
        self.curve = curve
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.handshakeTimeoutMilliseconds = handshakeTimeoutMilliseconds
    }

    /// The monitor events a DEALER must be watched for.
    static func events(curve: Bool) -> Int32 {
        var events =
            Int32(ZMQMonitorEvent.disconnected) | Int32(ZMQMonitorEvent.closed)
            | Int32(ZMQMonitorEvent.connectDelayed) | Int32(ZMQMonitorEvent.handshakeSucceeded)
        if curve { events |= ZMQMonitorEvent.handshakeEvents }
        return events
    }

    /// Takes in monitor event `event` (with its `value`) seen at `now` (monotonic milliseconds).
    mutating func observe(_ event: UInt16, value: UInt32, now: UInt64) -> Outcome {
        switch event {
        case ZMQMonitorEvent.connectDelayed:
            attemptStarted = now
            return Outcome()
        case ZMQMonitorEvent.closed:
            return attemptFailed(now: now)
        case ZMQMonitorEvent.handshakeSucceeded:
            securityFailed = false
            isUp = true
            wasEverUp = true
            return Outcome(event: .peerUp(peer: peer))
        case ZMQMonitorEvent.disconnected:
            let wasUp = isUp
            isUp = false
            let why =
                if wasUp {
                    """
                    the connection to \(peer) dropped (the peer stopped, restarted or stopped answering heartbeats, \
                    or the network failed)
                    """
                } else if securityFailed {
                    """
                    \(peer) did not accept this node's CURVE handshake: check the keys (its server key, and this \
                    node's key on its allow-list)
                    """
                } else {
                    """
                    \(peer) accepted a connection but did not complete the handshake within \
                    \(handshakeTimeoutMilliseconds) ms (the node is frozen, overloaded or stopping, or is not a \
                    FedActors node)
                    """
                }
            return Outcome(event: .peerDown(peer: peer, error: TransportError(.disconnected, why)))
        case ZMQMonitorEvent.handshakeFailedAuth, ZMQMonitorEvent.handshakeFailedProtocol,
            ZMQMonitorEvent.handshakeFailedNoDetail:
            guard curve, !securityFailed else { return Outcome() }
            securityFailed = true
            let why =
                event == ZMQMonitorEvent.handshakeFailedAuth
                ? "\(peer) refused this node's CURVE public key (status \(value)): add it to that node's allow-list"
                : "the CURVE handshake with \(peer) failed: check that its server key is the one this node dials with"
            return Outcome(event: .peerFailed(peer: peer, error: TransportError(.security, why)), warning: why)
        default:
            return Outcome()
        }
    }

    private mutating func attemptFailed(now: UInt64) -> Outcome {
        defer { attemptStarted = nil }
        isUp = false
        let why: String
        if wasEverUp {
            why = "\(peer) is down: reconnecting to it fails (the node stopped, or is restarting)"
        } else if let started = attemptStarted, connectTimeoutMilliseconds > 0,
            now &- started >= connectTimeoutMilliseconds * 9 / 10
        {
            why =
                """
                \(peer) did not answer a connection attempt within \(connectTimeoutMilliseconds) ms: is the host up, \
                and is the address right?
                """
        } else {
            why = "\(peer) refused the connection: no node listens there (is it started, and is the address right?)"
        }
        // A connection that was never up has nothing worth keeping: forgetting it discards what was
        // queued (so a call that failed here can never run later), and ends the retries nobody waits for.
        return Outcome(
            event: .peerDown(peer: peer, error: TransportError(wasEverUp ? .reconnectFailed : .connectionRefused, why)),
            forget: !wasEverUp)
    }
}
