internal import CZeroMQ
import Foundation

/// A ZeroMQ socket. Not thread-safe (libzmq's rule), so not `Sendable`: one thread owns it. In
/// FedActors that is the transport's I/O thread (`IOLoop` in ActorMesh), which creates its sockets
/// and is the only code that uses them; code that hands a socket to another thread must make sure
/// only one uses it at a time and that a full memory barrier (starting a thread, or a lock) separates them.
public final class ZMQSocket {

    /// Socket types FedActors uses.
    public enum Kind: Sendable {
        case pair, req, rep, dealer, router, pub, sub
        var raw: Int32 {
            switch self {
            case .pair: ZMQ_PAIR
            case .req: ZMQ_REQ
            case .rep: ZMQ_REP
            case .dealer: ZMQ_DEALER
            case .router: ZMQ_ROUTER
            case .pub: ZMQ_PUB
            case .sub: ZMQ_SUB
            }
        }
    }

    let handle: UnsafeMutableRawPointer
    private var closed = false

    public init(_ context: ZMQContext, _ kind: Kind) throws(ZMQError) {
        guard let h = zmq_socket(context.handle, kind.raw) else {
            throw ZMQError(errno: zmq_errno(), operation: "zmq_socket")
        }
        handle = h
    }

    deinit { close() }

    /// Closes the socket (pending messages are kept for `linger`). Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        zmq_close(handle)
    }

    public func bind(_ endpoint: String) throws(ZMQError) {
        try zmqCall("zmq_bind(\(endpoint))") { zmq_bind(handle, endpoint) }
    }

    public func connect(_ endpoint: String) throws(ZMQError) {
        try zmqCall("zmq_connect(\(endpoint))") { zmq_connect(handle, endpoint) }
    }

    package func disconnect(_ endpoint: String) throws(ZMQError) {
        try zmqCall("zmq_disconnect(\(endpoint))") { zmq_disconnect(handle, endpoint) }
    }

    /// The endpoint the socket last bound, with a wildcard port resolved.
    public var lastEndpoint: String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        _ = try? zmqCall("zmq_getsockopt(ZMQ_LAST_ENDPOINT)") {
            zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size)
        }
        return cString(buffer)
    }

    // MARK: Options

    func setInt(_ option: Int32, _ value: Int32, _ name: String) throws(ZMQError) {
        var v = value
        try zmqCall("zmq_setsockopt(\(name))") { zmq_setsockopt(handle, option, &v, MemoryLayout<Int32>.size) }
    }

    func setBytes(_ option: Int32, _ bytes: [UInt8], _ name: String) throws(ZMQError) {
        try zmqCall("zmq_setsockopt(\(name))") {
            bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        }
    }

    /// Milliseconds pending messages are kept after close (0: drop them).
    public func setLinger(_ milliseconds: Int32) throws(ZMQError) { try setInt(ZMQ_LINGER, milliseconds, "ZMQ_LINGER") }
    package func setSendHighWaterMark(_ messages: Int32) throws(ZMQError) {
        try setInt(ZMQ_SNDHWM, messages, "ZMQ_SNDHWM")
    }
    package func setReceiveHighWaterMark(_ messages: Int32) throws(ZMQError) {
        try setInt(ZMQ_RCVHWM, messages, "ZMQ_RCVHWM")
    }
    /// Queue only to completed connections (sends fail with EAGAIN before the peer is up).
    package func setImmediate(_ on: Bool) throws(ZMQError) { try setInt(ZMQ_IMMEDIATE, on ? 1 : 0, "ZMQ_IMMEDIATE") }
    /// ROUTER: fail (EHOSTUNREACH) instead of dropping messages to unknown routing ids.
    package func setRouterMandatory(_ on: Bool) throws(ZMQError) {
        try setInt(ZMQ_ROUTER_MANDATORY, on ? 1 : 0, "ZMQ_ROUTER_MANDATORY")
    }
    /// Milliseconds a handshake may take (CURVE included).
    package func setHandshakeInterval(_ milliseconds: Int32) throws(ZMQError) {
        try setInt(ZMQ_HANDSHAKE_IVL, milliseconds, "ZMQ_HANDSHAKE_IVL")
    }
    package func setReconnectInterval(_ milliseconds: Int32) throws(ZMQError) {
        try setInt(ZMQ_RECONNECT_IVL, milliseconds, "ZMQ_RECONNECT_IVL")
    }
    /// The largest frame this socket accepts (ZMQ_MAXMSGSIZE, bytes; -1: no limit). libzmq checks a
    /// frame's declared size before it allocates room for it and drops the connection of a peer that
    /// sends a larger one.
    package func setMaxMessageSize(_ bytes: Int64) throws(ZMQError) {
        var v = bytes
        try zmqCall("zmq_setsockopt(ZMQ_MAXMSGSIZE)") {
            zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &v, MemoryLayout<Int64>.size)
        }
    }
    package func setRoutingID(_ id: [UInt8]) throws(ZMQError) { try setBytes(ZMQ_ROUTING_ID, id, "ZMQ_ROUTING_ID") }
    package func subscribe(_ prefix: [UInt8] = []) throws(ZMQError) {
        try setBytes(ZMQ_SUBSCRIBE, prefix, "ZMQ_SUBSCRIBE")
    }

    /// Makes this socket a CURVE server with `keys` (it authenticates clients through ZAP, if a handler runs).
    package func makeCurveServer(_ keys: CurveKeyPair, zapDomain: String = "fedactors") throws(ZMQError) {
        try setInt(ZMQ_CURVE_SERVER, 1, "ZMQ_CURVE_SERVER")
        try setBytes(ZMQ_CURVE_SECRETKEY, keys.secretBytes, "ZMQ_CURVE_SECRETKEY")
        try setBytes(ZMQ_ZAP_DOMAIN, Array(zapDomain.utf8), "ZMQ_ZAP_DOMAIN")
    }

    /// Makes this socket a CURVE client of a server whose public key is `serverKey`.
    package func makeCurveClient(_ keys: CurveKeyPair, serverKey: [UInt8]) throws(ZMQError) {
        try setBytes(ZMQ_CURVE_SERVERKEY, serverKey, "ZMQ_CURVE_SERVERKEY")
        try setBytes(ZMQ_CURVE_PUBLICKEY, keys.publicBytes, "ZMQ_CURVE_PUBLICKEY")
        try setBytes(ZMQ_CURVE_SECRETKEY, keys.secretBytes, "ZMQ_CURVE_SECRETKEY")
    }

    // MARK: Sending and receiving

    /// Sends `parts` as one multipart message. With `dontWait`, throws EAGAIN instead of blocking.
    public func send(_ parts: [ZMQMessage], dontWait: Bool = true) throws(ZMQError) {
        for (i, part) in parts.enumerated() {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if i < parts.count - 1 { flags |= ZMQ_SNDMORE }
            // zmq_msg_send takes ownership of the message's content on success; `part` is closed in its
            // deinit, which after a successful send is a no-op on the now-empty message.
            try zmqCall("zmq_msg_send") { zmq_msg_send(part.pointer, handle, flags) }
        }
    }

    /// Sends byte buffers as one multipart message (copying them).
    public func send(bytes parts: [[UInt8]], dontWait: Bool = true) throws(ZMQError) {
        var messages: [ZMQMessage] = []
        for p in parts { messages.append(try ZMQMessage(copying: p)) }
        try send(messages, dontWait: dontWait)
    }

    /// Receives one whole multipart message, or nil if none is waiting (with `dontWait`).
    public func receive(dontWait: Bool = true) throws(ZMQError) -> [ZMQMessage]? {
        var parts: [ZMQMessage] = []
        repeat {
            let message = ZMQMessage()
            do {
                try zmqCall("zmq_msg_recv") {
                    zmq_msg_recv(message.pointer, handle, dontWait && parts.isEmpty ? ZMQ_DONTWAIT : 0)
                }
            } catch  where error.wouldBlock && parts.isEmpty {
                return nil
            }
            parts.append(message)
        } while parts.last?.hasMore == true
        return parts
    }

    /// What ``receive(dontWait:maxTotalBytes:)`` took off the socket.
    public enum Received {
        /// A whole multipart message.
        case message([ZMQMessage])
        /// A message whose parts added up to more than the limit: read to its end and dropped.
        case oversized(bytes: Int, parts: Int)
    }

    /// Receives one multipart message, or nil if none is waiting (with `dontWait`). Once the parts read
    /// so far add up to more than `maxTotalBytes`, the rest of the message is read and released part by
    /// part, never held together, and the message is reported as ``Received/oversized(bytes:parts:)``.
    public func receive(dontWait: Bool = true, maxTotalBytes: Int) throws(ZMQError) -> Received? {
        var parts: [ZMQMessage] = []
        var total = 0, count = 0, more = true
        while more {
            let message = ZMQMessage()
            do {
                try zmqCall("zmq_msg_recv") {
                    zmq_msg_recv(message.pointer, handle, dontWait && count == 0 ? ZMQ_DONTWAIT : 0)
                }
            } catch  where error.wouldBlock && count == 0 {
                return nil
            }
            count += 1
            total += message.count
            more = message.hasMore
            if total <= maxTotalBytes {
                parts.append(message)
            } else {
                parts.removeAll()
            }
        }
        return total <= maxTotalBytes ? .message(parts) : .oversized(bytes: total, parts: count)
    }

    /// Starts a monitor publishing `events` (ZMQ_EVENT_* bits) on `endpoint` (inproc://…); read it with
    /// a PAIR socket connected there and ``ZMQMonitorEvent/read(from:)``.
    package func monitor(_ endpoint: String, events: Int32) throws(ZMQError) {
        try zmqCall("zmq_socket_monitor(\(endpoint))") { zmq_socket_monitor(handle, endpoint, events) }
    }

    /// Stops ``monitor(_:events:)``: once this returns, libzmq sends no more events. Call it before
    /// closing the socket that reads the events, because libzmq's I/O thread sends them blocking:
    /// an event for a reader that is gone would stall that thread, and every connection it serves.
    package func stopMonitor() throws(ZMQError) {
        try zmqCall("zmq_socket_monitor(stop)") { zmq_socket_monitor(handle, nil, 0) }
    }
}
