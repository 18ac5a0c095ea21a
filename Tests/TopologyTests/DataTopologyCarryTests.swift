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
