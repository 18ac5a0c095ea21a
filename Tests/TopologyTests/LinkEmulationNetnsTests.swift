import FedActorsTesting
import Federation
import Foundation
import Testing
@testable import Topology

/// `LinkEmulation` applied for real: a host of its own (a random prefix and subnet), its link
/// shaped from a topology, and a TCP stream out of it measured at the root namespace.
@Suite(.serialized) struct LinkEmulationNetnsTests {
    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func aHostsUpLinkRateCapHolds() throws {
        let hosts = try NetnsHosts.up(1)
        defer { hosts.down() }
        let text = """
            name: cap
            hosts:
              - {name: h, start: command, command: [ip, netns, exec, fa-h1, fedactors, node, --bind, \
            "tcp://10.77.0.1:7101"], endpoint: "tcp://10.77.0.1:7101",
                 link: {up_mbps: 8}}
            server: {bind: "tcp://10.77.0.254:0"}
            clients: [{group: g, count: 2, host: h}]
            data: {dataset: fashion-mnist}
            model: 2nn
            strategy: fedavg
            """
        let plan = try RunPlan(try TopologyReader.parse(hosts.substituted(into: text)))
        let emulation = try LinkEmulation(plan: plan, netem: false)
        #expect(
            emulation.commands.first == [
                "ip", "netns", "exec", hosts.name(of: 1), "tc", "qdisc", "replace", "dev", "eth0", "root", "handle",
                "1:", "htb", "default", "1",
            ])
        try emulation.apply()
        // 2 MB at 8 Mbit/s (1 MB/s): about 2 s, never faster than the cap allows (10% for timing slack).
        let capped = try Self.megabitsPerSecond(from: hosts, bytes: 2_000_000)
        #expect(capped <= 8 * 1.1, "measured \(capped) Mbit/s through an 8 Mbit/s cap")
        #expect(capped >= 8 * 0.5, "measured \(capped) Mbit/s: the stream should fill most of the cap")
        // Cleared, the same stream is not held to it.
        LinkEmulation.clear(LinkEmulation.clearing(plan: plan))
        let free = try Self.megabitsPerSecond(from: hosts, bytes: 2_000_000)
        #expect(free > 8 * 2, "measured \(free) Mbit/s without the cap")
    }

    /// Loss without netem: a link with 30% loss, applied as nftables rules (this kernel has no
    /// netem), drops about that share of 400 UDP datagrams the host sends to the root namespace
    /// (15–45%: the expected 120 ± 9 lost, a bound 6σ wide so it cannot flake); cleared, none is
    /// lost. Once for the host's own link (what it sends), once for the server's (what reaches it).
    @Test(
        .enabled(
            if: NetnsHosts.unavailableReason == nil && Self.nftInstalled,
            "\(NetnsHosts.unavailableReason ?? "nft is not installed (scripts/setup installs nftables)")"))
    func aLinksLossDropsItsShareWithNftables() throws {
        let hosts = try NetnsHosts.up(1)
        defer { hosts.down() }
        func topology(host: String, server: String) -> String {
            """
            name: lossy
            hosts:
              - {name: h, start: command, command: [ip, netns, exec, fa-h1, fedactors, node, --bind, \
            "tcp://10.77.0.1:7101"], endpoint: "tcp://10.77.0.1:7101"\(host)}
            server: {bind: "tcp://10.77.0.254:0"\(server)}
            clients: [{group: g, count: 2, host: h}]
            data: {dataset: fashion-mnist}
            model: 2nn
            strategy: fedavg
            """
        }
        // Neighbours resolved before the rules exist, so that no datagram waits for ARP.
        #expect(try Self.datagramsReceived(from: hosts, sending: 20) == 20)
        for (which, text) in [
            ("host", topology(host: ", link: {loss: 0.3}", server: "")),
            ("server", topology(host: "", server: ", link: {loss: 0.3}")),
        ] {
            let plan = try RunPlan(try TopologyReader.parse(hosts.substituted(into: text)))
            let emulation = try LinkEmulation(plan: plan, netem: false)
            #expect(emulation.commands.contains { $0.first == "nft" && $0.contains("drop") }, "\(which)")
            try emulation.apply()
            let lossy = try Self.datagramsReceived(from: hosts, sending: 400)
            #expect(
                (220...340).contains(lossy),
                "\(400 - lossy) of 400 datagrams lost through the \(which)'s link with 30% loss")
            LinkEmulation.clear(LinkEmulation.clearing(plan: plan))
            #expect(try Self.datagramsReceived(from: hosts, sending: 400) == 400, "\(which)'s link cleared")
        }
    }

    static var nftInstalled: Bool {
        ["/usr/sbin/nft", "/sbin/nft"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Sends `count` one-byte UDP datagrams from host 1 to the root namespace (bash's /dev/udp,
    /// inside the host) and returns how many arrived.
    static func datagramsReceived(from hosts: NetnsHosts, sending count: Int) throws -> Int {
        let receiver = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(receiver >= 0)
        defer { close(receiver) }
        var buffer: Int32 = 1 << 20
        setsockopt(receiver, SOL_SOCKET, SO_RCVBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        var wait = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(receiver, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, hosts.rootAddress, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(receiver, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(receiver, $0, &length) }
        }
        let port = UInt16(bigEndian: address.sin_port)
        let sender = Process()
        sender.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sender.arguments =
            ["ip"] + hosts.exec(host: 1) + [
                "bash", "-c", "for i in $(seq \(count)); do printf x > /dev/udp/\(hosts.rootAddress)/\(port); done",
            ]
        try sender.run()
        sender.waitUntilExit()
        try #require(sender.terminationStatus == 0)
        var received = 0
        var byte: UInt8 = 0
        // Every datagram that arrives is queued by now; the first wait of a second without one ends the count.
        while recv(receiver, &byte, 1, 0) > 0 { received += 1 }
        return received
    }

    /// Sends `bytes` from host 1 to the root namespace over TCP (bash's /dev/tcp, inside the host)
    /// and returns the rate the receiver saw, from the first byte to the end of the stream.
    static func megabitsPerSecond(from hosts: NetnsHosts, bytes: Int) throws -> Double {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, hosts.rootAddress, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0 && listen(listener, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = UInt16(bigEndian: address.sin_port)
        let sender = Process()
        sender.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sender.arguments =
            ["ip"] + hosts.exec(host: 1) + [
                "bash", "-c", "head -c \(bytes) /dev/zero > /dev/tcp/\(hosts.rootAddress)/\(port)",
            ]
        try sender.run()
        defer { sender.waitUntilExit() }
        let connection = accept(listener, nil, nil)
        try #require(connection >= 0)
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var received = 0
        var first: ContinuousClock.Instant?
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            if first == nil { first = .now }
            received += n
        }
        let seconds = first.map { (ContinuousClock.now - $0).seconds } ?? 0
        try #require(received == bytes && seconds > 0)
        return Double(received) * 8 / seconds / 1e6
    }
}
