import ActorMesh
import Foundation
import Learning
import Testing

@testable import Agents
@testable import Federation

/// The four data stages over real ZeroMQ between a driver, a coordinator (server data agent and
/// gate) and two nodes that each build their clients' messy data: every stage is in the transcript
/// and the ledger, the refusals say why, and no message that crossed any node's wire carries a
/// sample's values.
@Suite(.serialized) struct DataStagesMeshTests {
    static let spec = MessySpec(
        samplesPerClient: 60, corruptFraction: 0.2, vocabularies: [.french, .typos, .merged], sensorClients: 1,
        excludedClassClients: 1, excludedClasses: ["Bag"])
    static let placement = [[0, 1, 2], [3, 4, 5]]

    /// The systems of one federation: the tapped transports of the two nodes and the driver.
    struct Mesh {
        let home: MeshSystem, driver: MeshSystem, nodes: [MeshSystem]
        let taps: [TappedTransport]
        let hosts: [ClientHost]
        func shutdown() { for s in [driver, home] + nodes { s.shutdown() } }
    }

    func mesh() throws -> Mesh {
        let taps = try (0..<3).map { _ in TappedTransport(try ZeroMQTransport(bind: "tcp://127.0.0.1:0")) }
        let nodes = try taps.prefix(2).map { try MeshSystem(transport: $0) }
        let driver = try MeshSystem(transport: taps[2])
        let home = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        let hosts = try nodes.map { node in
            try node.makeActor(named: ClientHost.path) {
                ClientHost(actorSystem: node, factory: LearningTrainerFactory())
            }
        }
        return Mesh(home: home, driver: driver, nodes: nodes, taps: taps, hosts: hosts)
    }

    func runStages(_ mesh: Mesh) async throws -> (DataStagesOutcome, [TranscriptEntry]) {
        let gate = try mesh.home.makeActor(named: "agents/gate") {
            HumanGateAgent(actorSystem: mesh.home, input: ScriptedInput([]), autoApprove: true, show: { _ in })
        }
        let task = DataTask(sampleShape: [1, 28, 28], classes: Self.spec.taskClasses)
        let server = try mesh.home.makeActor(named: ServerDataAgent.path) {
            ServerDataAgent(actorSystem: mesh.home, task: task, gate: gate)
        }
        var placement: [String: [Int]] = [:]
        for (node, ids) in zip(mesh.nodes, Self.placement) { placement[node.endpoint] = ids }
        let clients = try await DataAgentPlacement.start(
            Self.spec, seed: 11, totalClients: 6, placement: placement, from: mesh.driver)
        var transcript: [TranscriptEntry] = []
        defer { withExtendedLifetime((gate, server, mesh.hosts)) {} }
        let outcome = try await DataStages(
            server: try ServerDataAgent.resolve(id: server.id, using: mesh.driver), clients: clients
        ).run(&transcript)
        return (outcome, transcript)
    }

    @Test func theFourStagesRunAndRefuseTheIrrelevantClients() async throws {
        let mesh = try mesh()
        defer { mesh.shutdown() }

        let (outcome, transcript) = try await runStages(mesh)

        #expect(Set(transcript.map(\.stage)) == Set(DataStages.stageNames))
        #expect(outcome.cards.count == 6 && outcome.selectedClients == [0, 1, 2, 3])
        #expect(outcome.selection[4].reason.contains("classes the task excludes"))
        #expect(outcome.selection[5].reason.contains("32×3"))
        for id in [0, 1, 2, 3] {
            let cleaned = try #require(outcome.cleaning[id])
            #expect(cleaned.before == 60 && cleaned.after == 48)
            let relabelled = try #require(outcome.relabelling[id])
            #expect(relabelled.perClass.values.reduce(0, +) + relabelled.dropped == cleaned.after)
        }
        let plan = try #require(outcome.harmonization)
        #expect(plan.mappings[1]?.targets["Sneakr"] == "Sneaker" && plan.questions.contains { $0.label == "Sneakr" })
        #expect(plan.mappings[2]?.dropped["footwear"] != nil && plan.mappings[0]?.targets["pantalon"] == "Trouser")
    }

    @Test func theLedgerShowsEveryStagesBytes() async throws {
        let mesh = try mesh()
        defer { mesh.shutdown() }

        _ = try await runStages(mesh)

        let traffic = DataStageTraffic(ledger: mesh.driver.ledger.snapshot())
        #expect(Set(traffic.rows.map(\.stage)).isSuperset(of: DataStages.stageNames))
        #expect(traffic.rows.allSatisfy { $0.messages > 0 && $0.bytes > 0 })
        #expect(traffic.table().contains("ClientDataAgent.describe"))
    }

    @Test func noMessageCarriesASamplesValues() async throws {
        let mesh = try mesh()
        defer { mesh.shutdown() }

        _ = try await runStages(mesh)

        let messages = mesh.taps.flatMap(\.messages)
        let sizes = messages.map { $0.reduce(0) { $0 + $1.count } }
        // Cards, rules, counts and mappings: a few kilobytes at most, where one client's data is 188 KB.
        #expect(messages.count > 30 && (sizes.max() ?? 0) < 32 * 1024)
        // No message holds 16 consecutive values (64 bytes) of any sample, as built or as cleaned,
        // at any of five places in it.
        let setup = MessySetup(spec: Self.spec, seed: 11, totalClients: 6, clients: [])
        let wire = messages.map { $0.reduce(Data(), +) }
        for id in 0..<6 {
            let built = try setup.build(clientID: id).samples
            let cleaned = DataCleaner.clean(built, CleaningRules(sampleShape: [1, 28, 28])).kept
            for sample in built + cleaned where sample.features.count >= 784 {
                for start in stride(from: 100, to: 700, by: 150) {
                    let piece = sample.features[start..<(start + 16)].withUnsafeBytes { Data($0) }
                    #expect(!wire.contains { $0.range(of: piece) != nil }, "client \(id)")
                }
            }
        }
    }
}
