internal import CZeroMQ
import Glibc

/// A libzmq call failed. Carries errno, the operation, libzmq's text, and what to do.
public struct ZMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C errno (e.g. EAGAIN, EINVAL, EADDRINUSE).
    public let errno: Int32
    /// The call that failed, e.g. `zmq_bind(tcp://127.0.0.1:5555)`.
    public let operation: String
    /// libzmq's description of errno.
    public let message: String

    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.operation = operation
        message = String(cString: zmq_strerror(errno))
    }

    /// The send or receive would block (EAGAIN with ZMQ_DONTWAIT).
    public var wouldBlock: Bool { errno == EAGAIN }

    public var description: String {
        var text = "\(operation) failed: \(message) (errno \(errno))"
        switch errno {
        case EADDRINUSE: text += "; another process uses that address: pick another port or port 0"
        case EINVAL, EPROTONOSUPPORT: text += "; check the endpoint's form, e.g. tcp://127.0.0.1:5555 or inproc://name"
        case ENODEV: text += "; the interface or address does not exist on this host"
        case ETERM: text += "; the ZeroMQ context was terminated"
        default: break
        }
        return text
    }
}

/// Runs a libzmq call that returns -1 on failure, retrying on EINTR; throws ``ZMQError`` otherwise.
/// Every C call of this module goes through here.
@discardableResult
func zmqCall(_ operation: @autoclosure () -> String, _ body: () -> Int32) throws(ZMQError) -> Int32 {
    while true {
        let rc = body()
        if rc != -1 { return rc }
        let code = zmq_errno()
        if code == EINTR { continue }
        throw ZMQError(errno: code, operation: operation())
    }
}
