import FedActorsTesting
import Federation
import Foundation
import Testing

/// Topologies/hierarchical-3x6.yaml through `fedactors launch`: three sites on network-namespace
/// hosts made for this test, each site's six clients and its aggregator in the site's node, and the
/// server on a fourth namespace host, driven from this process.
@Suite(.serialized) struct HierarchicalLaunchTests {
    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func launchRunsThreeSitesThroughTheirAggregatorsAndReportsTheTiers() async throws {
        let hosts = try NetnsHosts.up(4)
        defer { hosts.down() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hier-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let shipped = try String(
            contentsOf: RunCommandTests.repoRoot.appendingPathComponent("Topologies/hierarchical-3x6.yaml"),
            encoding: .utf8)
        let topology = dir.appendingPathComponent("hierarchical-3x6.yaml").path
        try hosts.substituted(into: shipped).write(toFile: topology, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("report.json")
        let result = try await DemoCommandTests().run(["launch", topology, "--rounds", "2", "--output", json.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 2)
        // Each site's node answered from its namespace address, and the server from the fourth's.
        let server = "tcp://\(hosts.address(of: 4)):7204"
        #expect(report.nodeNames?[server] == "server", "\(report.nodeNames ?? [:])")
        #expect(
            report.ledgers.keys.sorted()
                == ([server] + (1...3).map { "tcp://\(hosts.address(of: $0)):720\($0)" }).sorted(),
            "\(report.ledgers.keys)")
        // The driver's console as with the server in the launching process: the round table and the summary.
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first == "hierarchical-3x6: 18 clients, fedavg, 2nn on fashion-mnist, 2 rounds", "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("round  done/inv") })
        #expect(lines.filter { $0.range(of: #"^\s+[12]\s+\d+/\d+ "#, options: .regularExpression) != nil }.count == 2)
        #expect(lines.contains { $0.contains("node hub at \(server) (pid") && $0.contains("the FL server") })
        #expect(result.stdout.contains("communication summary") && result.stdout.contains("final accuracy"))
        // Every round went through the aggregators: one model per site down the WAN, at most one
        // update per site up, and fewer WAN bytes than the same clients flat.
        for round in report.rounds {
            let tiers = try #require(round.tiers)
            let model = tiers.aggregatorServerDown / 3
            #expect(model > 0 && tiers.aggregatorServerDown == 3 * model)
            #expect(tiers.aggregatorServerUp <= 3 * model)
            #expect(tiers.clientAggregatorDown == round.invited.count * model)
            #expect(tiers.flatDown == round.invited.count * model)
            #expect(tiers.savedBytes > 0)
            #expect(!round.completed.isEmpty)
        }
        #expect(report.summary["WAN bytes saved vs flat"] != nil, "\(report.summary)")
        #expect(report.summary["traffic aggregator-server"] != nil)
        #expect(result.stdout.contains("WAN bytes saved vs flat"), "\(result.stdout)")
    }

    /// Each site's aggregator on a node of its own (x, y), the clients on two others (a, b): kill -9
    /// of x's node after round 2. Site agg-x's clients are lost (failed, with the reason) in every
    /// round from then on, site agg-y's go on, and the run completes and exits 0.
    @Test func aKilledAggregatorLosesItsClientsAndTheRunCompletes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hier-kill-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("tiers.yaml")
        try """
        name: tiers
        seed: 3
        hosts:
          - {name: a, start: local}
          - {name: b, start: local}
          - {name: x, start: local}
          - {name: y, start: local}
        clients:
          - {group: pa, count: 4, host: a, link: {down_mbps: 100, up_mbps: 100, latency_ms: 500}}
          - {group: pb, count: 4, host: b, link: {down_mbps: 100, up_mbps: 100, latency_ms: 500}}
        aggregators:
          - {name: agg-x, host: x, clients: [pa], link: {up_mbps: 50, down_mbps: 50, latency_ms: 20}}
          - {name: agg-y, host: y, clients: [pb], link: {up_mbps: 50, down_mbps: 50, latency_ms: 20}}
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 40, local_epochs: 1, batch_size: 64, learning_rate: 0.05}
        participation: {fraction: 1, deadline_seconds: 30}
        """.write(to: topology, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.json")
        let run = try LiveCommand(["run", topology.path, "--output", report.path])
        #expect(await run.line { isProgressLine($0, round: 2) } != nil, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        let pid = try #require(announcedPID(run.stdout, node: "x"), "no pid for node x in \(run.stdout)")
        kill(pid, SIGKILL)
        let status = await run.wait()
        #expect(status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")

        let result = try RunReport.load(from: Data(contentsOf: report))
        #expect(result.rounds.count == 40)
        #expect(result.rounds.prefix(2).allSatisfy { Set($0.completed) == Set(0..<8) })
        let lostRound = try #require(result.nodes?.first { $0.name == "x" }?.lostAtRound)
        for round in result.rounds where round.round > lostRound {
            // The clients are up on node a, but their aggregator is gone: lost for the round, with the reason.
            #expect(round.failed == [0, 1, 2, 3], "round \(round.round): \(round.failed)")
            #expect(
                round.failureReasons?[0]?.contains("its aggregator (site agg-x)") == true,
                "\(round.failureReasons ?? [:])")
            #expect(Set(round.completed) == Set(4..<8), "round \(round.round): \(round.completed)")
            #expect(round.aggregationError == nil)
        }
        #expect(result.rounds.compactMap(\.tiers).count == 40)
    }
}
