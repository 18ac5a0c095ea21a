import FedActorsTesting
import Federation
import Foundation
import Testing

/// Topologies/hierarchical-3x6.yaml through `fedactors launch`: three sites on network-namespace
/// hosts made for this test, each site's six clients and its aggregator in the site's node.
@Suite(.serialized) struct HierarchicalLaunchTests {
    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func launchRunsThreeSitesThroughTheirAggregatorsAndReportsTheTiers() async throws {
        let hosts = try NetnsHosts.up(3)
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
        // Each site's node answered from its namespace address.
        for i in 1...3 {
            #expect(report.ledgers.keys.contains("tcp://\(hosts.address(of: i)):720\(i)"), "\(report.ledgers.keys)")
        }
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
}
