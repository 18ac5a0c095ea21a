import ZeroMQ

/// A received zmq message handed up as a frame without copying its bytes.
final class ReceivedFrame: FrameStorage {
    private let message: ZMQMessage
    init(_ message: ZMQMessage) { self.message = message }
    var count: Int { message.count }
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try message.withBytes(body)
    }
}
