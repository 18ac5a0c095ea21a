extension ZeroMQTransport {
    /// ZMTP heartbeats of the outbound connections (ZMQ_HEARTBEAT_IVL/TIMEOUT/TTL).
    ///
    /// Every `interval` the connection sends a PING; when nothing at all arrives within `timeout` of
    /// one, the connection is closed, the peer reported down and its waiting calls failed. Any
    /// traffic counts as a sign of life, and the peer's libzmq thread answers PINGs by itself, so a
    /// peer busy computing or a long transfer does not trip it; a stopped, frozen or cut-off one
    /// does. The peer is also asked (the TTL) to drop our connection after `timeout` of silence.
    ///
    /// The default (a PING a second, 5 s of silence) notices a vanished peer within about 6 s,
    /// while leaving a heavily loaded machine, whose threads can wait a few seconds for a core, the
    /// benefit of the doubt: a false alarm costs the calls in flight on that connection.
    public struct Heartbeat: Sendable, Equatable {
        /// Time between two PINGs on an idle connection.
        public var interval: Duration
        /// Silence after a PING that closes the connection (also the TTL asked of the peer).
        public var timeout: Duration
        public init(interval: Duration = .seconds(1), timeout: Duration = .seconds(5)) {
            self.interval = interval
            self.timeout = timeout
        }
    }
}

extension ZeroMQTransport.Settings {
    /// A fresh watch of the DEALER to `peer` (see ``DealerWatch``).
    func watch(_ peer: String) -> DealerWatch {
        DealerWatch(
            peer: peer, curve: security != nil,
            connectTimeoutMilliseconds: UInt64(connectTimeout.clampedMilliseconds),
            handshakeTimeoutMilliseconds: UInt64(handshakeTimeout.clampedMilliseconds))
    }
}

extension Duration {
    /// Whole milliseconds as a libzmq option value, at least 1 and at most Int32.max.
    var clampedMilliseconds: Int32 { Int32(clamping: max(1, milliseconds)) }
}
