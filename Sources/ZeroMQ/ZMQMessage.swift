internal import CZeroMQ
import Foundation

/// One ZeroMQ message part (a zmq_msg_t on the heap). Its bytes are reachable only inside
/// ``withBytes(_:)``, so the message cannot be freed while they are in use.
///
/// Not `Sendable`: sending a message moves its content out (``ZMQSocket/send(_:dontWait:)`` empties
/// it), so a message shared between threads could be emptied under a reader. A holder that only
/// ever reads a received message may share it (ActorMesh's received frames do, and say why).
public final class ZMQMessage {
    let pointer: UnsafeMutablePointer<zmq_msg_t>

    /// An empty message, to receive into.
    public init() {
        pointer = .allocate(capacity: 1)
        zmq_msg_init(pointer)
    }

    /// A message of `count` bytes whose content the caller fills.
    init(count: Int) throws(ZMQError) {
        pointer = .allocate(capacity: 1)
        do {
            try zmqCall("zmq_msg_init_size") { zmq_msg_init_size(pointer, count) }
        } catch {
            pointer.deallocate()
            throw error
        }
    }

    /// A message holding a copy of `bytes`.
    package convenience init(copying bytes: UnsafeRawBufferPointer) throws(ZMQError) {
        try self.init(count: bytes.count)
        fill(from: bytes)
    }

    /// A message holding a copy of `bytes`.
    package convenience init(copying bytes: [UInt8]) throws(ZMQError) {
        try self.init(count: bytes.count)
        bytes.withUnsafeBytes { fill(from: $0) }
    }

    private func fill(from bytes: UnsafeRawBufferPointer) {
        if let base = bytes.baseAddress, bytes.count > 0 {
            zmq_msg_data(pointer).copyMemory(from: base, byteCount: bytes.count)
        }
    }

    /// A message over `data`'s own bytes, without copying them: `data` is retained until libzmq has sent
    /// the message and calls the free callback. Small payloads (under 4 KiB) are copied instead.
    public init(noCopy data: Data) throws(ZMQError) {
        pointer = .allocate(capacity: 1)
        guard data.count >= 4096, let box = DataBox(data) else {
            do {
                try zmqCall("zmq_msg_init_size") { zmq_msg_init_size(pointer, data.count) }
            } catch {
                pointer.deallocate()
                throw error
            }
            data.withUnsafeBytes { fill(from: $0) }
            return
        }
        let hint = Unmanaged.passRetained(box).toOpaque()
        let rc = zmq_msg_init_data(
            pointer, box.base, box.count,
            { _, hint in
                guard let hint else { return }
                Unmanaged<DataBox>.fromOpaque(hint).release()
            }, hint)
        if rc != 0 {
            Unmanaged<DataBox>.fromOpaque(hint).release()
            pointer.deallocate()
            throw ZMQError(errno: zmq_errno(), operation: "zmq_msg_init_data")
        }
    }

    deinit {
        zmq_msg_close(pointer)
        pointer.deallocate()
    }

    /// Number of bytes.
    public var count: Int { zmq_msg_size(pointer) }

    /// Calls `body` with the message's bytes; they must not escape `body`.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            try body(UnsafeRawBufferPointer(start: zmq_msg_data(pointer), count: zmq_msg_size(pointer)))
        }
    }

    /// Whether more parts of the same multipart message follow (after a receive).
    var hasMore: Bool { zmq_msg_more(pointer) == 1 }
}

/// Keeps a large `Data` alive for a zero-copy send and exposes its stable heap address.
/// Data of 4 KiB and more is always heap-backed; its storage does not move while this box holds it.
private final class DataBox {
    let data: Data
    let base: UnsafeMutableRawPointer
    let count: Int
    init?(_ data: Data) {
        guard let address = data.withUnsafeBytes({ $0.baseAddress }) else { return nil }
        self.data = data
        count = data.count
        base = UnsafeMutableRawPointer(mutating: address)
    }
}
