import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP/1.1 endpoint that answers `GET /metrics` with the Prometheus text format, on its own thread.
///
/// Deliberately small: one connection at a time, `Connection: close`, a request of at most 16 KiB of
/// headers read within 2 s (a slow or hostile client cannot hold it longer, nor make it buffer more),
/// `404` for other paths, `405` for other methods. It listens on an IPv4 address (`127.0.0.1:9464`,
/// `0.0.0.0:9464`, port 0 for any free one); ``address`` says where it listens.
package final class MetricsEndpoint: Sendable {
    /// Where it listens, e.g. `127.0.0.1:40213` (the port chosen when asked for port 0).
    package let address: String
    private let listener: Int32
    private let wake: (read: Int32, write: Int32)
    private let render: @Sendable () -> String
    private let stopped = Atomic(false)
    private let finished = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    package static let maxRequestBytes = 16 * 1024
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Listens on `bind` (`HOST:PORT`, an IPv4 address or `localhost`) and answers each scrape with
    /// `render()`. Throws, saying why, when the address is malformed or cannot be bound.
    package init(bind given: String, render: @escaping @Sendable () -> String) throws(MetricsError) {
        let bind = given
        var address = try Self.socketAddress(bind)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw MetricsError("cannot open a socket for the metrics endpoint: \(Self.errorText())") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let why = Self.errorText()
            close(fd)
            throw MetricsError(
                "cannot listen for metrics on \(bind): \(why) (is the port in use? port 0 picks a free one)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            close(fd)
            throw MetricsError("cannot make the metrics endpoint's wake-up pipe: \(Self.errorText())")
        }
        // The node processes a run starts must not inherit them.
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let host = bind.split(separator: ":").dropLast().joined(separator: ":")
        self.address = "\(host):\(UInt16(bigEndian: address.sin_port))"
        listener = fd
        wake = (pipeEnds[0], pipeEnds[1])
        self.render = render
        Thread.detachNewThread { [self] in
            serve()
            let waiter = finished.withLock { f in
                f.done = true
                defer { f.waiter = nil }
                return f.waiter
            }
            waiter?.resume()
        }
    }

    /// The URL a scraper reads, e.g. `http://127.0.0.1:40213/metrics`.
    package var url: String { "http://\(address)/metrics" }

    /// Stops answering and closes the socket, after the scrape being answered (if any) is done.
    package func stop() async {
        if !stopped.exchange(true, ordering: .relaxed) {
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
        }
        await withCheckedContinuation { continuation in
            let done = finished.withLock { f in
                if !f.done { f.waiter = continuation }
                return f.done
            }
            if done { continuation.resume() }
        }
    }

    private func serve() {
        defer {
            close(listener)
            close(wake.read)
            close(wake.write)
        }
        while !stopped.load(ordering: .relaxed) {
            var fds = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 { if errno == EINTR { continue } else { return } }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            answer(connection)
            close(connection)
        }
    }

    /// Reads one request (bounded in size and time) and answers it.
    private func answer(_ fd: Int32) {
        var limit = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let reply: (status: String, body: String)
        switch HTTPRequestHead.read(from: fd, limit: Self.maxRequestBytes) {
        case .none:
            reply = (
                "400 Bad Request",
                "a request line and headers ending in an empty line, within 16 KiB and 2 s, were expected\n"
            )
        case .some(let head) where head.method != "GET" && head.method != "HEAD":
            reply = ("405 Method Not Allowed", "only GET /metrics is served\n")
        case .some(let head) where head.path != "/metrics":
            reply = ("404 Not Found", "only /metrics is served here\n")
        case .some(let head):
            let body = render()
            reply = ("200 OK", head.method == "HEAD" ? "" : body)
        }
        let text =
            """
            HTTP/1.1 \(reply.status)\r\nContent-Type: \(Self.contentType)\r\nContent-Length: \
            \(reply.body.utf8.count)\r\nConnection: close\r\n\r\n
            """
            + reply.body
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }

    /// `HOST:PORT` as an IPv4 socket address.
    static func socketAddress(_ bind: String) throws(MetricsError) -> sockaddr_in {
        let parts = bind.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw MetricsError(
                "--metrics-bind \(bind): expected HOST:PORT, e.g. 127.0.0.1:9464 (port 0 picks a free one)")
        }
        let host = parts[0] == "localhost" ? "127.0.0.1" : String(parts[0])
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw MetricsError(
                """
                --metrics-bind \(bind): \(host) is not an IPv4 address (e.g. 127.0.0.1, or 0.0.0.0 for every \
                interface)
                """
            )
        }
        return address
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// A refused metrics setting or endpoint, saying what to change.
package struct MetricsError: Error, CustomStringConvertible, Sendable {
    package let description: String
    init(_ description: String) { self.description = description }
}
