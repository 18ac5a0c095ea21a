import ActorMesh
import ActorMeshTesting
import Federation
import Foundation
import Synchronization
import Testing

/// Counts the fits running at once and, when serial, lets only one run at a time (a lock held
/// around each fit): the same federation trained both ways must give the same bits.
final class FitGate: Sendable {
    private let serial: Bool
    private let turn = Mutex<Int>(0)
    private let counts = Mutex<(running: Int, most: Int)>((0, 0))

    init(serial: Bool) { self.serial = serial }

    /// The most fits that ran at once.
    var mostAtOnce: Int { counts.withLock { $0.most } }

    func pass(_ body: () throws -> LocalFit) throws -> LocalFit {
        guard serial else { return try counted(body) }
        return try turn.withLock { fits in
            fits += 1
            return try counted(body)
        }
    }

    private func counted(_ body: () throws -> LocalFit) throws -> LocalFit {
        counts.withLock { c in
            c.running += 1
            c.most = max(c.most, c.running)
        }
        defer { counts.withLock { $0.running -= 1 } }
        return try body()
    }
}

/// A Learning trainer whose fits go through a ``FitGate``; everything else is the trainer's own.
final class GatedTrainer: LocalTrainer {
    let inner: any LocalTrainer
    let gate: FitGate

    init(_ inner: any LocalTrainer, gate: FitGate) {
        self.inner = inner
        self.gate = gate
    }

    var parameterCount: Int { inner.parameterCount }
    var sampleCount: Int { inner.sampleCount }
    var parameterGroups: [ParameterGroup] { inner.parameterGroups }
    var modelDescription: ModelDescription? { inner.modelDescription }
    var sampleFLOPs: SampleFLOPs? { inner.sampleFLOPs }

    func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit {
        try gate.pass { try inner.fit(from: parameters, plan: plan, hooks: hooks) }
    }

    func evaluate(_ parameters: [Float]) throws -> LocalEvaluation { try inner.evaluate(parameters) }
}

/// A node's clients train concurrently: each client's `fit` runs on a dispatch queue of its own, at
/// most one per core at once (`ClientWorkshop`), with OpenBLAS at one thread per call
/// (``LearningTrainerFactory``). Each client's data, model and generator are its own and the server
/// aggregates in an order fixed by the round's outcomes, not by arrival, so the pool changes no bit.
@Suite struct ConcurrentTrainingTests {
    struct Outcome {
        var weights: [UInt32]
        var rounds: [[Double?]]
        var mostAtOnce: Int
    }

    /// Six Fashion-MNIST 2NN clients (Dirichlet split, at most 1,500 samples each), FedAvg, three
    /// rounds, every client in every round, over an in-memory mesh in this process.
    func train(serial: Bool) async throws -> Outcome {
        var setup = ClientSetup(
            dataset: "fashion-mnist", partition: "dirichlet", partitionSettings: ["alpha": 0.5], model: "2nn",
            seed: 42, totalClients: 6, clients: [:])
        setup.sampleLimit = 1500
        setup.evaluationLimit = 1000
        let factory = LearningTrainerFactory()
        let gate = FitGate(serial: serial)
        let network = InMemoryNetwork()
        let server = try MeshSystem(transport: InMemoryTransport(name: "server", network: network))
        var systems = [server]
        defer { for s in systems { s.shutdown() } }
        var clients: [Int: ClientActor] = [:]
        var actors: [ClientActor] = []
        for id in 0..<6 {
            let system = try MeshSystem(transport: InMemoryTransport(name: "client\(id)", network: network))
            systems.append(system)
            let actor = try system.makeActor(named: ClientActor.path(for: id)) {
                ClientActor(
                    actorSystem: system, clientID: id,
                    trainer: GatedTrainer(try factory.makeTrainer(setup, clientID: id), gate: gate),
                    profile: ClientProfile())
            }
            actors.append(actor)
            clients[id] = try ClientActor.resolve(id: actor.id, using: server)
        }
        let (evaluator, initial) = try factory.makeEvaluator(setup)
        let config = ServerConfig(rounds: 3, plan: LocalPlan(epochs: 1, batchSize: 32, learningRate: 0.05), seed: 7)
        let federated = try FederatedServer(
            system: server, clients: clients, strategy: try FedAvg(), initialParameters: initial,
            evaluator: evaluator, config: config)
        let report = try await federated.run()
        let weights = await federated.parameters
        withExtendedLifetime(actors) {}
        return Outcome(
            weights: weights.map(\.bitPattern),
            rounds: report.rounds.map { [$0.trainLoss, $0.globalLoss, $0.globalAccuracy] },
            mostAtOnce: gate.mostAtOnce)
    }

    @Test func clientsTrainedAtOnceGiveTheBitsOfClientsTrainedOneByOne() async throws {
        // Execute: the same federation, fits free to overlap, then one at a time.
        let concurrent = try await train(serial: false)
        let serial = try await train(serial: true)
        // Assert: nothing differs by a bit. Whether the free fits overlapped depends on the pool's other
        // threads being free (alone on this machine they do: 2 at once; beside the whole suite, not
        // always), so it is reported, not asserted; the serial run never overlaps.
        #expect(serial.mostAtOnce == 1)
        print("ConcurrentTrainingTests: at most \(concurrent.mostAtOnce) fits at once without the lock")
        #expect(concurrent.rounds.count == 3)
        #expect(concurrent.rounds.allSatisfy { $0.allSatisfy { $0?.isFinite == true } }, "\(concurrent.rounds)")
        #expect(concurrent.weights == serial.weights)
        #expect(concurrent.rounds == serial.rounds)
    }
}
