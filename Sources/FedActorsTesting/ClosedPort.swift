import ActorMesh
import Glibc

/// A TCP port on 127.0.0.1 that is bound but not listening, so connecting to it is refused, and no
/// other process can take it while the value lives: the place for a test that needs "nothing listens
/// there" without a fixed port.
package final class ClosedPort {
    /// The port number.
    package let number: UInt16
    private let descriptor: Int32

    /// Binds a throwaway socket to a free port of 127.0.0.1.
    package init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MeshError(.invalidConfiguration, "socket(): errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw MeshError(.invalidConfiguration, "could not bind a throwaway socket on 127.0.0.1: errno \(errno)")
        }
        descriptor = fd
        number = UInt16(bigEndian: address.sin_port)
    }

    /// A port of 127.0.0.1 that was free a moment ago (bound, then released at once): for a node a
    /// test starts, and restarts, at one fixed address. Another process could take it in between, so
    /// tests use it only where a fixed address is the point.
    package static func recentlyFree() throws -> Int { Int(try ClosedPort().number) }

    deinit { close(descriptor) }
}
