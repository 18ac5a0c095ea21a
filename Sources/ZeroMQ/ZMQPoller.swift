internal import CZeroMQ

/// Waits for readability on sockets and raw file descriptors (zmq_poll).
package struct ZMQPoller {
    package enum Item {
        case socket(ZMQSocket)
        case fd(Int32)
    }

    private var items: [zmq_pollitem_t] = []

    package init() {}

    package mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    /// Adds an item polled for input; returns its index.
    @discardableResult
    package mutating func add(_ item: Item) -> Int {
        switch item {
        case .socket(let s):
            items.append(zmq_pollitem_t(socket: s.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0))
        case .fd(let fd): items.append(zmq_pollitem_t(socket: nil, fd: fd, events: Int16(ZMQ_POLLIN), revents: 0))
        }
        return items.count - 1
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever); returns the indexes of readable items.
    package mutating func poll(timeoutMilliseconds: Int) throws(ZMQError) -> [Int] {
        let count = Int32(items.count)
        let timeout = timeoutMilliseconds
        try items.withUnsafeMutableBufferPointer {
            (buffer: inout UnsafeMutableBufferPointer<zmq_pollitem_t>) throws(ZMQError) in
            _ = try zmqCall("zmq_poll") { zmq_poll(buffer.baseAddress, count, timeout) }
        }
        return items.indices.filter { items[$0].revents & Int16(ZMQ_POLLIN) != 0 }
    }
}

/// One event of a socket monitor.
package struct ZMQMonitorEvent: Sendable {
    package let event: UInt16
    package let value: UInt32
    package let endpoint: String

    package static let connected = UInt16(ZMQ_EVENT_CONNECTED)
    package static let disconnected = UInt16(ZMQ_EVENT_DISCONNECTED)
    package static let handshakeSucceeded = UInt16(ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
    package static let handshakeFailedAuth = UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
    package static let handshakeFailedProtocol = UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
    package static let handshakeFailedNoDetail = UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
    /// Every handshake event (success and failures) plus disconnects.
    package static let handshakeEvents =
        ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
        | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL

    /// Reads one event from a PAIR socket connected to a monitor endpoint, or nil if none is waiting
    /// or the parts do not have the monitor format.
    package static func read(from socket: ZMQSocket) throws(ZMQError) -> ZMQMonitorEvent? {
        guard let parts = try socket.receive(), parts.count == 2 else { return nil }
        return parts[0].withBytes { head -> ZMQMonitorEvent? in
            guard head.count >= 6 else { return nil }
            let event = head.loadUnaligned(fromByteOffset: 0, as: UInt16.self)
            let value = head.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
            let endpoint = parts[1].withBytes { String(decoding: $0, as: UTF8.self) }
            return ZMQMonitorEvent(event: event, value: value, endpoint: endpoint)
        }
    }
}
