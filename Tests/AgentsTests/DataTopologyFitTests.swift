import Testing
import Topology

@testable import Agents

/// `auto --data`'s topology: the agents' spec fitted to the data file's clients (its name says their
/// count), with the data file's sections, aggregators and links included, and a budget's cut of the
/// samples each client trains on written where the run reads it.
struct DataTopologyFitTests {
    static let data = """
        name: wards
        seed: 9
        hosts:
          - {name: a, start: local, link: {up_mbps: 10}}
          - {name: b, start: local}
        clients:
          - {group: north, count: 2, hosts: [a]}
          - {group: south, count: 3, hosts: [b]}
        aggregators:
          - {name: agg-north, host: a, clients: [north]}
          - {name: agg-south, host: b, clients: [south]}
        data: {dataset: fashion-mnist, partition: iid}
        messy: {samples_per_client: 300}
        model: 2nn
        strategy: fedavg
        """

    /// The team's spec for 6 phones, named as the coders name it (`auto-<model>-<strategy>-<N>c`).
    static func spec() throws -> FederationSpec {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(
            for: "FedAvg with a 2NN on Fashion-MNIST across 6 phones, measured by global accuracy.")
        return SpecComposer().compose(name: "auto-2nn-fedavg-6c", analysis, choice)
    }

    @Test func theWrittenTopologyIsNamedForTheDataFilesClientsAndCarriesItsAggregators() throws {
        let fitted = try Self.spec().fitted(toDataOf: TopologyReader.parse(Self.data))

        let text = try fitted.topologyYAML(carryingDataOf: Self.data, from: "wards.yaml")

        let topology = try TopologyReader.parse(text)
        #expect(fitted.name == "auto-2nn-fedavg-5c" && topology.name == "auto-2nn-fedavg-5c")
        #expect(topology.clientCount == 5 && topology.strategy.name == "fedavg")
        #expect(topology.aggregators.map(\.name) == ["agg-north", "agg-south"])
        #expect(abs((topology.hosts.first?.link?.upBytesPerSecond ?? 0) - 10 * 125_000) < 1)
        // Without a budget cut the clients train on all their prepared samples.
        #expect(topology.data.samplesPerClient == nil)
    }

    @Test func aNameWithoutTheRequestsClientCountIsKept() {
        #expect(FederationSpec.name("auto-2nn-fedavg-6c", clients: 6, as: 5) == "auto-2nn-fedavg-5c")
        #expect(FederationSpec.name("auto-6c-cnn-fedavg-6c", clients: 6, as: 12) == "auto-6c-cnn-fedavg-12c")
        #expect(FederationSpec.name("my-run", clients: 6, as: 5) == "my-run")
    }

    /// Sizing cuts the samples per client of messy clients as of any others, and the cut reaches the
    /// written topology's `data.samples_per_client`, which the clients' trainers read
    /// (``RunPlan/setup(for:)``'s sample limit).
    @Test func aBudgetCutOfTheMessyClientsSamplesIsWrittenWhereTheRunReadsIt() throws {
        let fitted = try Self.spec().fitted(toDataOf: TopologyReader.parse(Self.data))
        let slow = TrialMeasurement(
            secondsPerRound: 2, trainingFLOPsPerRound: 1e9, evaluationFLOPsPerRound: 1e8, sampleTrainingFLOPs: 3e6,
            sampleForwardFLOPs: 1e6)

        let sizing = RunBudget(seconds: 30).size(fitted, measured: slow, available: 30)
        let text = try sizing.spec.topologyYAML(carryingDataOf: Self.data, from: "wards.yaml")

        let cut = try #require(sizing.spec.server.samplesPerClient)
        #expect(cut < 300 && sizing.notes.contains("training samples per client 300 → \(cut)"), "\(sizing.notes)")
        let topology = try TopologyReader.parse(text)
        #expect(topology.data.samplesPerClient == cut && topology.messy?.samplesPerClient == 300)
        #expect(try RunPlan(topology).setup(for: "a").sampleLimit == cut)
    }
}
