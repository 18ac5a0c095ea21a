import ActorMesh
import FedActorsTesting
import Federation
import Foundation
import Testing

/// Two runs of one topology at the same time on one machine: each completes, and each report counts
/// only its own traffic (its server talked to its own nodes, its nodes to its own server).
@Suite(.serialized) struct ConcurrentRunsTests {
    /// The peers a report's ledgers name, by node: every ledger must only name endpoints of the run.
    static func foreignPeers(in report: RunReport) -> [String] {
        let own = Set(report.ledgers.keys)
        var foreign: [String] = []
        for (node, ledger) in report.ledgers {
            for row in ledger.rows where !own.contains(row.key.peer) {
                foreign.append(
                    "\(report.nodeLabel(node)) counted \(row.key.direction) \(row.key.method) with \(row.key.peer)")
            }
        }
        return foreign
    }

    static func checkIsolated(_ result: DemoCommandTests.Output, _ json: URL, rounds: Int) throws {
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == rounds)
        #expect(report.rounds.allSatisfy { !$0.completed.isEmpty })
        #expect(foreignPeers(in: report).isEmpty, "\(foreignPeers(in: report).prefix(5))")
        // What each run's server sent is what its own nodes received, to the byte.
        let server = try #require(report.ledgers.first { report.nodeNames?[$0.key] == "server" }?.value)
        let nodes = report.ledgers.filter { report.nodeNames?[$0.key] != "server" }.values
        #expect(server.total(.sent).totalBytes == nodes.reduce(0) { $0 + $1.total(.received).totalBytes })
    }

    /// The main job's topology, twice at once: two servers and four node processes on loopback.
    @Test func twoRunsOfTheMainTopologyAtOnceKeepTheirTrafficApart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("concurrent-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/cross-device-15.yaml").path
        let first = dir.appendingPathComponent("first.json"), second = dir.appendingPathComponent("second.json")
        async let a = DemoCommandTests().run(["run", topology, "--rounds", "3", "--output", first.path])
        async let b = DemoCommandTests().run(["run", topology, "--rounds", "3", "--output", second.path])
        let (ra, rb) = try await (a, b)
        try Self.checkIsolated(ra, first, rounds: 3)
        try Self.checkIsolated(rb, second, rounds: 3)
        let ea = Set(try RunReport.load(from: Data(contentsOf: first)).ledgers.keys)
        let eb = Set(try RunReport.load(from: Data(contentsOf: second)).ledgers.keys)
        #expect(ea.isDisjoint(with: eb), "the runs shared a node: \(ea.intersection(eb))")
    }

    /// Topologies/multihost-netns.yaml launched twice at once, each copy on a set of namespace hosts
    /// of its own (NetnsHosts gives each set its own names and subnet): both complete, apart.
    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func twoLaunchesOnTheirOwnNamespaceHostsKeepTheirTrafficApart() async throws {
        let first = try NetnsHosts.up(3)
        defer { first.down() }
        let second = try NetnsHosts.up(3)
        defer { second.down() }
        #expect(first.base != second.base && first.prefix != second.prefix)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("concurrent-netns-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let shipped = try String(
            contentsOf: RunCommandTests.repoRoot.appendingPathComponent("Topologies/multihost-netns.yaml"),
            encoding: .utf8)
        var files: [(topology: String, json: URL)] = []
        for (i, hosts) in [first, second].enumerated() {
            let topology = dir.appendingPathComponent("run\(i).yaml").path
            try hosts.substituted(into: shipped).write(toFile: topology, atomically: true, encoding: .utf8)
            files.append((topology, dir.appendingPathComponent("run\(i).json")))
        }
        let argumentsA = ["launch", files[0].topology, "--rounds", "2", "--output", files[0].json.path]
        let argumentsB = ["launch", files[1].topology, "--rounds", "2", "--output", files[1].json.path]
        async let a = DemoCommandTests().run(argumentsA)
        async let b = DemoCommandTests().run(argumentsB)
        let (ra, rb) = try await (a, b)
        try Self.checkIsolated(ra, files[0].json, rounds: 2)
        try Self.checkIsolated(rb, files[1].json, rounds: 2)
        let ea = try RunReport.load(from: Data(contentsOf: files[0].json)).ledgers.keys
        let eb = try RunReport.load(from: Data(contentsOf: files[1].json)).ledgers.keys
        #expect(ea.allSatisfy { $0.contains("//\(first.base).") }, "\(Array(ea))")
        #expect(eb.allSatisfy { $0.contains("//\(second.base).") }, "\(Array(eb))")
    }
}
