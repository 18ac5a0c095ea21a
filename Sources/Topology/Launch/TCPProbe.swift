import Foundation
import Glibc

/// Whether something accepts a TCP connection at a `tcp://host:port` endpoint: for `launch
/// --dry-run`, which checks that a `running` host's node is there before anything starts.
enum TCPProbe {
    /// nil when `endpoint` accepted a connection within `timeout` (then closed at once); else why not.
    static func problem(connectingTo endpoint: String, timeout: Duration) -> String? {
        guard endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":") else {
            return "\(endpoint) is not a tcp://host:port endpoint"
        }
        var host = String(endpoint[endpoint.index(endpoint.startIndex, offsetBy: 6)..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = String(endpoint[endpoint.index(after: colon)...])
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &found)
        guard status == 0, let first = found else {
            return "\(host) does not resolve: \(String(cString: gai_strerror(status)))"
        }
        defer { freeaddrinfo(first) }
        var why = "no address of \(host) to try"
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            next = info.pointee.ai_next
            let fd = socket(
                info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue),
                info.pointee.ai_protocol)
            guard fd >= 0 else { why = "socket(): \(String(cString: strerror(errno)))"; continue }
            defer { close(fd) }
            if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return nil }
            guard errno == EINPROGRESS else {
                why = "connecting to \(endpoint): \(String(cString: strerror(errno)))"; continue
            }
            var poll = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let milliseconds = Int32(
                timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            guard Glibc.poll(&poll, 1, milliseconds) == 1 else {
                why = "no answer from \(endpoint) within \(timeout)"; continue
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error == 0 { return nil }
            why = "connecting to \(endpoint): \(String(cString: strerror(error)))"
        }
        return why
    }
}
