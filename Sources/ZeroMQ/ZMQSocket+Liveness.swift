internal import CZeroMQ

extension ZMQSocket {
    /// Turns on ZMTP heartbeats: a PING every `intervalMilliseconds` on each connection; a connection
    /// on which nothing at all arrives within `timeoutMilliseconds` of a PING is closed (the socket
    /// monitor then reports it disconnected, and libzmq reconnects). `ttlMilliseconds` travels in the
    /// PINGs and asks the peer to drop the connection when it hears nothing from us that long
    /// (libzmq sends it in tenths of a second). Any traffic counts as a sign of life, so a long
    /// transfer does not trip the timeout.
    package func setHeartbeat(intervalMilliseconds: Int32, timeoutMilliseconds: Int32, ttlMilliseconds: Int32)
        throws(ZMQError)
    {
        try setInt(ZMQ_HEARTBEAT_IVL, intervalMilliseconds, "ZMQ_HEARTBEAT_IVL")
        try setInt(ZMQ_HEARTBEAT_TIMEOUT, timeoutMilliseconds, "ZMQ_HEARTBEAT_TIMEOUT")
        try setInt(ZMQ_HEARTBEAT_TTL, ttlMilliseconds, "ZMQ_HEARTBEAT_TTL")
    }

    /// Milliseconds one TCP connection attempt may take before libzmq gives it up and retries
    /// (0: the operating system's own timeout, about two minutes on Linux).
    package func setConnectTimeout(_ milliseconds: Int32) throws(ZMQError) {
        try setInt(ZMQ_CONNECT_TIMEOUT, milliseconds, "ZMQ_CONNECT_TIMEOUT")
    }
}

extension ZMQMonitorEvent {
    /// A connection attempt started and waits for the peer (value: the errno, usually EINPROGRESS).
    package static let connectDelayed = UInt16(ZMQ_EVENT_CONNECT_DELAYED)
    /// A connecting socket closed its attempt without a connection: the peer refused it, could not
    /// be reached, or did not answer within the connect timeout (value: the file descriptor).
    package static let closed = UInt16(ZMQ_EVENT_CLOSED)
}
