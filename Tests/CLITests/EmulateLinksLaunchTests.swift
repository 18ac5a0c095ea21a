import FedActorsTesting
import Federation
import Foundation
import Testing

/// `fedactors launch --emulate-links` on netns hosts made by the test (a prefix and subnet of its
/// own): the links are on the hosts while the run lasts and gone when it ends.
@Suite(.serialized) struct EmulateLinksLaunchTests {
    static let topology = """
        name: emulated
        seed: 7
        hosts:
          - {name: h1, start: command, command: [ip, netns, exec, fa-h1, fedactors, node, --bind, \
        "tcp://10.77.0.1:7101"], endpoint: "tcp://10.77.0.1:7101",
             link: {up_mbps: 40, down_mbps: 80, loss: 0.01}}
        server: {bind: "tcp://10.77.0.254:0"}
        clients:
          - {group: g, count: 2, host: h1}
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 1, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        """

    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func launchAppliesTheLinksForTheRunAndRemovesThemAfter() async throws {
        let hosts = try NetnsHosts.up(1)
        defer { hosts.down() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emulate-links-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("emulated.yaml")
        try hosts.substituted(into: Self.topology).write(to: topology, atomically: true, encoding: .utf8)
        let port = "\(hosts.prefix)v1"

        let plan = try await DemoCommandTests().run(["launch", topology.path, "--dry-run", "--emulate-links"])
        #expect(plan.stdout.contains("tc qdisc replace dev \(port) root handle 1: htb default 1"), "\(plan.stdout)")

        let json = dir.appendingPathComponent("report.json")
        let result = try await DemoCommandTests().run([
            "launch", topology.path, "--emulate-links", "--output", json.path,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("emulating \(topology.path)'s links:"), "\(result.stdout)")
        #expect(result.stdout.contains("removed the emulated links"), "\(result.stdout)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 1)
        // Nothing is left: the bridge port has no HTB, and the set has no nftables table.
        #expect(try !Self.output(["tc", "qdisc", "show", "dev", port]).contains("htb"))
        #expect(try !Self.output(["nft", "list", "tables"]).contains("fedactors_\(hosts.prefix)"))
    }

    @Test func launchRefusesToEmulateTheLinksOfHostsThatAreNotNetnsHosts() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emulate-local-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("local.yaml")
        try """
        name: local
        hosts:
          - {name: worker, start: command, command: [fedactors, node, --bind, "tcp://127.0.0.1:0"], link: {up_mbps: 5}}
        clients: [{group: g, count: 2, host: worker}]
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 1}
        """.write(to: topology, atomically: true, encoding: .utf8)
        let result = try await DemoCommandTests().run(["launch", topology.path, "--emulate-links"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--emulate-links needs hosts made by scripts/netns-hosts"), "\(result.stderr)")
    }

    /// What `words` prints (found in /usr/sbin or /sbin); empty when it fails.
    static func output(_ words: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.environment = ["PATH": "/usr/sbin:/sbin:/usr/bin:/bin"]
        process.arguments = words
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
