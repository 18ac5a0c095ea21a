import Federation
import Foundation
import Testing
@testable import Topology

/// `aggregators:` as a topology file writes it: read into the spec and the run plan's sites, and
/// every setting an aggregation tier cannot serve refused at its line.
@Suite struct AggregatorTopologyTests {
    /// A two-site topology with `strategy` and extra top-level `lines`.
    static func topology(strategy: String = "fedavg", _ extra: String = "", aggregators: String? = nil) -> String {
        """
        name: tiers
        hosts:
          - {name: a, start: inprocess}
          - {name: b, start: inprocess}
        clients:
          - {group: ga, count: 3, host: a}
          - {group: gb, count: 2, host: b}
        \(aggregators ?? """
        aggregators:
          - {name: site-a, host: a, clients: [ga], link: {up_mbps: 10, down_mbps: 40, latency_ms: 25}}
          - {name: site-b, host: b, clients: [gb]}
        """)
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: \(strategy)
        \(extra)
        """
    }

    static func issues(_ text: String) -> [String] {
        CrossFieldValidationTests.issues(text)
    }

    @Test func aggregatorsReadIntoTheSpecAndThePlansSites() throws {
        let spec = try TopologyReader.parse(Self.topology())
        #expect(spec.aggregators.map(\.name) == ["site-a", "site-b"])
        #expect(spec.aggregators[0].link == SharedLink.mbps(down: 40, up: 10, latencyMilliseconds: 25))
        let plan = try RunPlan(spec)
        #expect(plan.sites.map(\.clients) == [[0, 1, 2], [3, 4]])
        #expect(try plan.serverConfig.sites == plan.sites)
    }

    @Test func aStrategyThatCannotBePreAggregatedIsRefusedAtItsLine() {
        // Line 13 is `strategy: …`; each refusal names the reason and the strategies that can run.
        for (name, why) in [
            ("fedmedian", "needs every client's update on its own"), ("krum", "needs every client's update"),
            ("scaffold", "needs every client's update"), ("fedbuff", "its late updates arrive client by client"),
        ] {
            let found = Self.issues(Self.topology(strategy: name, "participation: {deadline_seconds: 30}"))
            #expect(found.count == 1, "\(name): \(found)")
            #expect(
                found.first?.hasPrefix("13:11: strategy: \(name) cannot run with aggregators: ") == true, "\(found)")
            #expect(found.first?.contains(why) == true, "\(found)")
            #expect(found.first?.contains("fedavg, fedavgm, fedprox") == true, "\(found)")
        }
        #expect(Self.issues(Self.topology(strategy: "fedadam")).isEmpty)
    }

    @Test func whatAnAggregationTierCannotServeIsRefusedWhereItIsWritten() {
        let overcommit = Self.issues(Self.topology("participation: {overcommit: 0.5}"))
        #expect(
            overcommit.count == 1 && overcommit[0].hasPrefix("14:29: participation.overcommit: over-commitment"),
            "\(overcommit)")
        let uncovered = Self.issues(
            Self.topology(aggregators: "aggregators:\n  - {name: site-a, host: a, clients: [ga]}"))
        #expect(
            uncovered == [
                """
                7:5: clients[1]: group gb is under no aggregator: with aggregators, every client group must be listed \
                in one aggregator's clients
                """
            ])
        let twice = Self.issues(
            Self.topology(
                aggregators:
                    "aggregators:\n  - {name: s1, host: a, clients: [ga, gb]}\n  - {name: s2, host: b, clients: [gb]}"))
        #expect(twice.count == 1 && twice[0].contains("group gb is already under aggregator s1"), "\(twice)")
        let unknown = Self.issues(
            Self.topology(aggregators: "aggregators:\n  - {name: s1, host: c, clients: [ga, gb]}"))
        #expect(
            unknown.count == 1 && unknown[0].hasPrefix("9:22: aggregators[0].host: expected one of a, b"), "\(unknown)")
    }
}
