import ZeroMQ

/// A received zmq message handed up as a frame without copying its bytes.
///
/// @unchecked Sendable: the message is private to this frame, which only reads it (its size and
/// bytes, through zmq_msg_size/zmq_msg_data); nothing sends or receives into it after the receive
/// that filled it, so reads from several threads are safe. (A ``ZMQMessage`` is not Sendable
/// itself, because a send empties it.)
final class ReceivedFrame: FrameStorage, @unchecked Sendable {
    private let message: ZMQMessage
    init(_ message: ZMQMessage) { self.message = message }
    var count: Int { message.count }
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try message.withBytes(body)
    }
}
