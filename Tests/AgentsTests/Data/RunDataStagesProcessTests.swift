import ActorMesh
import FedActorsTesting
import Foundation
import Learning
import Synchronization
import Testing
import Topology

@testable import Agents
@testable import Federation

/// The data stages as `fedactors run` performs them (``RunDataStages``), with each client's data agent
/// on a real `fedactors node` child process and the server data agent on a coordinator whose every
/// message is tapped: the stages leave out the irrelevant clients and say why, the nodes build the
/// clients that train over their prepared data, and no message before training carries a sample's values.
@Suite(.serialized) struct RunDataStagesProcessTests {
    static let topology = """
        name: messy-processes
        seed: 3
        hosts:
          - {name: a, start: local}
          - {name: b, start: local}
        clients:
          - {group: sites, count: 5, hosts: [a, b]}
        data: {dataset: fashion-mnist, partition: iid}
        messy:
          samples_per_client: 120
          corrupt_fraction: 0.2
          vocabularies: [french, typos, uppercase]
          excluded_class_clients: 1
          sensor_clients: 1
          exclude: [Bag]
        model: 2nn
        strategy: fedavg
        training: {rounds: 1}
        """

    @Test func theStagesRunOnNodeProcessesAndNoMessageBeforeTrainingCarriesASample() async throws {
        let fedactors = try Executables.url("fedactors")
        let nodes = try await [
            NodeProcess.launch(executable: fedactors, arguments: ["node", "--bind", "tcp://127.0.0.1:0"]),
            NodeProcess.launch(executable: fedactors, arguments: ["node", "--bind", "tcp://127.0.0.1:0"]),
        ]
        defer { for node in nodes { node.kill() } }
        let tap = TappedTransport(try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        let coordinator = try MeshSystem(transport: tap)
        defer { coordinator.shutdown() }
        var plan = try RunPlan(try TopologyReader.parse(Self.topology))
        // As with --yes: client 1's misspelled labels take the harmonizer's proposals.
        plan.acceptsLabelProposals = true
        let endpoints = ["a": nodes[0].endpoint, "b": nodes[1].endpoint]
        let lines = Mutex<[String]>([])

        let prepared = try await RunDataStages().prepare(
            plan, coordinator: coordinator, endpoints: endpoints,
            announce: { line in lines.withLock { $0.append(line) } })
        plan.prepared = prepared
        var built: [Int: Int] = [:]
        for (host, endpoint) in endpoints.sorted(by: { $0.key < $1.key }) {
            let ids = try await ClientHost.at(endpoint, using: coordinator).createClients(plan.setup(for: host))
            for (id, actorID) in ids {
                built[id] = try await ClientActor.resolve(id: actorID, using: coordinator).describe().sampleCount
            }
        }

        #expect(prepared.training == [0, 1, 2])
        #expect(prepared.leftOut[3]?.contains("classes the task excludes") == true)
        #expect(prepared.leftOut[4]?.contains("32×3") == true)
        #expect(Set(built.keys) == [0, 1, 2] && built.values.allSatisfy { $0 > 50 && $0 < 120 })
        let printed = lines.withLock { $0 }.joined(separator: "\n")
        for stage in DataStages.stageNames { #expect(printed.contains("[\(stage)]"), "\(stage)") }
        #expect(printed.contains("data-stage traffic") && printed.contains("ClientDataAgent.relabel"))
        try Self.expectNoSampleOnTheWire(tap.messages, plan: plan)
    }

    /// No message holds 16 consecutive values (64 bytes) of any client's sample, as built or as
    /// cleaned, at any of five places in it; every message is a few kilobytes at most.
    static func expectNoSampleOnTheWire(_ messages: [[Data]], plan: RunPlan) throws {
        let sizes = messages.map { $0.reduce(0) { $0 + $1.count } }
        #expect(messages.count > 20 && (sizes.max() ?? 0) < 32 * 1024, "largest \(sizes.max() ?? 0) bytes")
        let messy = try #require(plan.spec.messy)
        let setup = MessySetup(spec: messy, seed: plan.spec.seed, totalClients: plan.spec.clientCount, clients: [])
        let wire = messages.map { $0.reduce(Data(), +) }
        for id in 0..<plan.spec.clientCount {
            let samples = try setup.build(clientID: id).samples
            let cleaned = DataCleaner.clean(samples, CleaningRules(sampleShape: [1, 28, 28])).kept
            for sample in samples + cleaned where sample.features.count >= 784 {
                for start in stride(from: 100, to: 700, by: 150) {
                    let piece = sample.features[start..<(start + 16)].withUnsafeBytes { Data($0) }
                    #expect(!wire.contains { $0.range(of: piece) != nil }, "client \(id)")
                }
            }
        }
    }
}
