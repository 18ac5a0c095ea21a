import Federation
import Testing

@testable import Topology

/// What `auto --data` relies on: a topology's data sections carried into another, and a run whose
/// data stages keep fewer clients than `min_fit` asks for lowering it, saying so.
@Suite struct DataTopologyCarryTests {
    static let data = """
        name: wards
        seed: 9
        hosts: [{name: a, start: local}, {name: b, start: local}]
        clients:
          - {group: wards, count: 4, hosts: [a, b]}
        data: {dataset: fashion-mnist, partition: iid}
        messy: {samples_per_client: 100, sensor_clients: 1}
        """
    static let synthesized = """
        # made by the agents
        name: auto-run
        seed: 42
        clients:
          - {group: clients, count: 6}
        data: {dataset: fashion-mnist, partition: {kind: dirichlet, alpha: 0.5}}
        model: 2nn
        strategy: fedprox
        participation: {fraction: 1, min_fit: 3, min_available: 3}
        """

    @Test func theDataSectionsReplaceTheTargetsAndTheRestStays() throws {
        let text = try TopologySections.carrying(
            TopologySections.dataSections, from: Self.data, into: Self.synthesized, file: "auto-run.yaml")

        let spec = try TopologyReader.parse(text, file: "auto-run.yaml")
        #expect(text.hasPrefix("# made by the agents\n"))
        #expect(spec.name == "auto-run" && spec.seed == 9 && spec.strategy.name == "fedprox")
        #expect(spec.clientCount == 4 && spec.hosts.map(\.name) == ["a", "b"])
        #expect(spec.messy?.sensorClients == 1 && spec.data.partition.kind == "iid")
        #expect(spec.participation.minFit == 3)
    }

    /// A data topology whose clients reach the server through an aggregator per site, over the
    /// sites' shared links, with its hosts written from a YAML anchor of `templates`.
    static let sites = """
        name: sites
        seed: 3
        templates:
          site: &site {start: local, link: {up_mbps: 10, down_mbps: 50, latency_ms: 5}}
        hosts:
          - {<<: *site, name: a}
          - {<<: *site, name: b}
        server: {link: {down_mbps: 100, up_mbps: 100}}
        clients:
          - {group: north, count: 2, hosts: [a], link: {down_mbps: 20, up_mbps: 5}}
          - {group: south, count: 3, hosts: [b]}
        aggregators:
          - {name: agg-north, host: a, clients: [north], link: {up_mbps: 40}}
          - {name: agg-south, host: b, clients: [south]}
        data: {dataset: fashion-mnist, partition: iid}
        messy: {samples_per_client: 100}
        """

    @Test func aggregatorsLinksAndAnchorsAreCarriedToo() throws {
        let text = try TopologySections.carrying(
            TopologySections.dataSections, from: Self.sites, into: Self.synthesized, file: "auto-run.yaml")

        let spec = try TopologyReader.parse(text, file: "auto-run.yaml")
        #expect(spec.aggregators.map(\.name) == ["agg-north", "agg-south"])
        #expect(spec.aggregators.map(\.groups) == [["north"], ["south"]])
        // Mbit/s are kept as bytes per second (125,000 per Mbit/s).
        #expect(abs((spec.aggregators.first?.link?.upBytesPerSecond ?? 0) - 40 * 125_000) < 1)
        #expect(spec.hosts.map(\.name) == ["a", "b"])
        #expect(spec.hosts.allSatisfy { abs(($0.link?.upBytesPerSecond ?? 0) - 10 * 125_000) < 1 })
        #expect(abs((spec.serverLink?.downBytesPerSecond ?? 0) - 100 * 125_000) < 1)
        #expect(spec.clientGroups.first?.upMbps == .constant(5) && spec.clientCount == 5)
        #expect(spec.strategy.name == "fedprox" && spec.messy?.samplesPerClient == 100)
    }

    @Test func aKeyIsSetInASectionAndTheRestStays() throws {
        let carried = try TopologySections.carrying(
            TopologySections.dataSections, from: Self.data, into: Self.synthesized, file: "auto-run.yaml")

        let text = try TopologySections.setting(
            "samples_per_client", to: 40, inSection: "data", of: carried, file: "auto-run.yaml")

        let spec = try TopologyReader.parse(text, file: "auto-run.yaml")
        #expect(text.hasPrefix("# made by the agents\n"))
        #expect(spec.data.samplesPerClient == 40 && spec.data.partition.kind == "iid")
        #expect(spec.messy?.samplesPerClient == 100 && spec.clientCount == 4)
        #expect(throws: TopologyError.self) {
            try TopologySections.setting("x", to: 1, inSection: "absent", of: Self.data, file: "wards.yaml")
        }
    }

    @Test func minFitAndMinAvailableAreLoweredToTheClientsThatTrain() {
        var participation = ParticipationPolicy(fraction: 1, minAvailable: 5, minFit: 4)

        let notes = RunLauncher.fitParticipation(&participation, to: 3)
        let none = RunLauncher.fitParticipation(&participation, to: 3)

        #expect(participation.minFit == 3 && participation.minAvailable == 3)
        #expect(
            notes == [
                "min_fit lowered from 4 to the 3 clients that train",
                "min_available lowered from 5 to the 3 clients that train",
            ])
        #expect(none.isEmpty)
    }
}
