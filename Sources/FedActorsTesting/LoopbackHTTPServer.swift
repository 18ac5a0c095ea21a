import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (loopback only) for testing HTTP clients: it answers each
/// request with the next scripted reply (the last one repeats), or with what a responder makes of
/// the request body, and records the request bodies.
/// One connection at a time, `Connection: close`; for tests only.
package final class LoopbackHTTPServer: Sendable {
    /// What to answer.
    package enum Reply: Sendable {
        /// A status and a body.
        case status(Int, String)
        /// Never answer: hold the connection open until ``stop()`` (for client timeouts that must
        /// fire however slowly the machine runs).
        case unanswered
        /// Raw bytes that are not HTTP at all, then close.
        case garbage(String)
    }

    /// The port it listens on, on 127.0.0.1.
    package let port: Int
    private let listener: Int32
    private let script: Mutex<[Reply]>
    private let responder: (@Sendable (String) -> Reply)?
    private let bodies = Mutex<[String]>([])
    private let stopped = Atomic(false)

    /// The base URL of chat-completions servers, e.g. `http://127.0.0.1:PORT/v1`.
    package var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// The request bodies received so far.
    package var requests: [String] { bodies.withLock { $0 } }

    package struct SetupError: Error, CustomStringConvertible {
        package let description: String
    }

    package convenience init(replies: [Reply]) throws {
        try self.init(replies: replies, responder: nil)
    }

    /// A server that answers each request with `respond(body)`.
    package convenience init(respond: @escaping @Sendable (String) -> Reply) throws {
        try self.init(replies: [], responder: respond)
    }

    private init(replies: [Reply], responder: (@Sendable (String) -> Reply)?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SetupError(description: "socket() failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw SetupError(description: "bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        script = Mutex(replies.isEmpty ? [.status(404, "")] : replies)
        self.responder = responder
        Thread.detachNewThread { [self] in serve() }
    }

    /// Stops accepting and closes the socket.
    package func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private func serve() {
        while !stopped.load(ordering: .relaxed) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { if errno == EINTR { continue } else { return } }
            let body = readRequest(connection)
            bodies.withLock { $0.append(body) }
            let reply = responder?(body) ?? script.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
            respond(reply, on: connection)
            close(connection)
        }
    }

    /// Reads the headers and a Content-Length body; returns the body.
    private func readRequest(_ fd: Int32) -> String {
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        var expected: Int? = nil
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data += chunk[0..<n]
            let text = String(decoding: data, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            if expected == nil {
                let headers = text[..<end.lowerBound].lowercased()
                let line = headers.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                expected =
                    line.flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
                    ?? 0
            }
            let headerBytes = text[..<end.upperBound].utf8.count
            if data.count - headerBytes >= (expected ?? 0) {
                return String(decoding: data[headerBytes...], as: UTF8.self)
            }
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func respond(_ reply: Reply, on fd: Int32) {
        let text: String
        switch reply {
        case .status(let code, let body):
            text = Self.http(code, body)
        case .garbage(let raw):
            text = raw
        case .unanswered:
            while !stopped.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.01) }
            return
        }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private static func http(_ code: Int, _ body: String) -> String {
        """
        HTTP/1.1 \(code) \(code == 200 ? "OK" : "Error")\r\nContent-Type: application/json\r\nContent-Length: \
        \(body.utf8.count)\r\nConnection: close\r\n\r\n
        """
            + body
    }

    /// A chat-completions response body whose first choice says `content`.
    package static func completion(_ content: String, promptTokens: Int = 11, completionTokens: Int = 7) -> String {
        let escaped =
            (try? JSONSerialization.data(withJSONObject: [content], options: [.fragmentsAllowed]))
            .map { String(decoding: $0, as: UTF8.self).dropFirst().dropLast() }.map(String.init) ?? "\"\""
        return
            "{\"id\":\"t\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\(escaped)},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":\(promptTokens),\"completion_tokens\":\(completionTokens)}}"
    }
}
