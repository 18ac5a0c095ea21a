internal import CZeroMQ

/// A ZeroMQ context: owns libzmq's I/O threads. Sockets that talk over inproc:// must share one.
public final class ZMQContext: @unchecked Sendable {
    // @unchecked: a zmq context is thread-safe by libzmq's contract; `handle` never changes.
    let handle: UnsafeMutableRawPointer

    /// The process-wide context (what inproc:// between transports in one process needs).
    public static let shared: ZMQContext = {
        // zmq_ctx_new only fails when the process is out of memory or file descriptors.
        guard let context = try? ZMQContext() else {
            preconditionFailure("zmq_ctx_new failed: out of memory or file descriptors")
        }
        return context
    }()

    /// A new context with `ioThreads` libzmq I/O threads.
    public init(ioThreads: Int32 = 1) throws(ZMQError) {
        guard let h = zmq_ctx_new() else { throw ZMQError(errno: zmq_errno(), operation: "zmq_ctx_new") }
        handle = h
        try zmqCall("zmq_ctx_set(ZMQ_IO_THREADS)") { zmq_ctx_set(h, ZMQ_IO_THREADS, ioThreads) }
    }

    deinit {
        _ = try? zmqCall("zmq_ctx_term") { zmq_ctx_term(handle) }
    }

    /// libzmq's version as (major, minor, patch).
    package static var version: (Int, Int, Int) {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (Int(major), Int(minor), Int(patch))
    }
}
