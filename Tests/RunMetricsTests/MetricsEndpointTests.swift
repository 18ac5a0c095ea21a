import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
    import Glibc
#endif
@testable import RunMetrics

/// The `/metrics` endpoint over a real socket on 127.0.0.1.
@Suite(.serialized) struct MetricsEndpointTests {
    /// Sends `request` raw and returns the whole answer.
    static func exchange(_ address: String, _ request: String) throws -> String {
        let parts = address.split(separator: ":")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = UInt16(parts[1])!.bigEndian
        sa.sin_addr.s_addr = inet_addr(String(parts[0]))
        let connected = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(connected == 0)
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += chunk[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func servesMetricsAndRefusesEverythingElse() async throws {
        let scrapes = ScrapeCounter()
        let endpoint = try MetricsEndpoint(bind: "127.0.0.1:0") { "up \(scrapes.next())\n" }
        #expect(endpoint.address.hasPrefix("127.0.0.1:") && !endpoint.address.hasSuffix(":0"))
        let ok = try Self.exchange(endpoint.address, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(ok.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(ok.contains("Content-Type: text/plain; version=0.0.4"))
        #expect(ok.hasSuffix("\r\n\r\nup 1\n"))
        #expect(try Self.exchange(endpoint.address, "GET /metrics?x=1 HTTP/1.0\r\n\r\n").hasSuffix("up 2\n"))
        #expect(try Self.exchange(endpoint.address, "GET / HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 404"))
        #expect(
            try Self.exchange(endpoint.address, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n").hasPrefix(
                "HTTP/1.1 405"))
        #expect(try Self.exchange(endpoint.address, "hello\r\n\r\n").hasPrefix("HTTP/1.1 400"))
        // Headers that never end within the bound: refused, and the endpoint still serves.
        let flood =
            "GET /metrics HTTP/1.1\r\n"
            + String(repeating: "X-Pad: " + String(repeating: "a", count: 1000) + "\r\n", count: 20)
        #expect(try Self.exchange(endpoint.address, flood).hasPrefix("HTTP/1.1 400"))
        #expect(try Self.exchange(endpoint.address, "GET /metrics HTTP/1.1\r\n\r\n").hasSuffix("up 3\n"))
        await endpoint.stop()
    }

    @Test func aMalformedOrTakenAddressIsRefusedSayingWhy() async throws {
        #expect(throws: MetricsError.self) { try MetricsEndpoint(bind: "9464") { "" } }
        do {
            _ = try MetricsEndpoint(bind: "example.org:9464") { "" }
            Issue.record("a host name other than localhost was taken")
        } catch {
            #expect(error.description.contains("not an IPv4 address"))
        }
        let first = try MetricsEndpoint(bind: "127.0.0.1:0") { "" }
        do {
            _ = try MetricsEndpoint(bind: first.address) { "" }
            Issue.record("a port in use was bound twice")
        } catch {
            #expect(error.description.contains("cannot listen for metrics on \(first.address)"))
        }
        await first.stop()
    }
}

/// Counts scrapes across the endpoint's thread.
final class ScrapeCounter: Sendable {
    private let count = Mutex(0)
    func next() -> Int {
        count.withLock {
            $0 += 1; return $0
        }
    }
}
