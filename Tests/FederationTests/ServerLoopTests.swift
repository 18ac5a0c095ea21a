import ActorMesh
import ActorMeshTesting
import Distributed
import Federation
import Foundation
import Synchronization
import Testing

/// A client objective with a closed form: loss = ½‖w − target‖², trained by plain gradient steps with
/// the algorithm's client rules (``ClientAlgorithmState``), like ``ModelTrainer``.
final class QuadraticTrainer: LocalTrainer, Sendable {
    let target: [Float]
    let samples: Int
    let failWith: (any Error & Sendable)?
    let parameterGroups: [ParameterGroup]
    let algorithm = Mutex(ClientAlgorithmState())
    init(target: [Float], samples: Int = 10, groups: [ParameterGroup] = [], failWith: (any Error & Sendable)? = nil) {
        self.target = target
        self.samples = samples
        self.parameterGroups = groups
        self.failWith = failWith
    }
    var parameterCount: Int { target.count }
    var sampleCount: Int { samples }
    func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit {
        if let failWith { throw failWith }
        let steps = plan.epochs * max(1, samples / plan.batchSize)
        return algorithm.withLock { state in
            var w = state.startingParameters(global: parameters, hooks: hooks, groups: parameterGroups)
            let adjust = state.gradientAdjustment(global: parameters, hooks: hooks)
            for _ in 0..<steps {
                var g = zip(w, target).map { $0 - $1 }
                adjust?(&g, w)
                for i in w.indices { w[i] -= plan.learningRate * g[i] }
            }
            let loss = zip(w, target).reduce(0.0) { $0 + 0.5 * Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
            let extras = state.finish(
                global: parameters, local: w, steps: steps, learningRate: plan.learningRate, hooks: hooks,
                groups: parameterGroups)
            return LocalFit(
                parameters: w, trainLoss: loss, steps: steps, flops: Double(steps * w.count * 3),
                controlVariateDelta: extras.controlVariateDelta, personalRanges: extras.personalRanges)
        }
    }
    func evaluate(_ global: [Float]) throws -> LocalEvaluation {
        let parameters = algorithm.withLock { $0.evaluationParameters(global: global) }
        let loss = zip(parameters, target).reduce(0.0) { $0 + 0.5 * Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
        return LocalEvaluation(loss: loss, accuracy: exp(-loss), sampleCount: samples)
    }
}

/// What a strategy was handed, round by round.
final class Seen: Sendable {
    let calls = Mutex<[(results: [Int], failures: [ClientFailure])]>([])
    var all: [(results: [Int], failures: [ClientFailure])] { calls.withLock { $0 } }
}

/// Sample-weighted mean of client parameters; remembers what it was given.
struct RecordingMean: Strategy {
    let seen: Seen
    var name: String { "RecordingMean" }
    init(seen: Seen = Seen()) { self.seen = seen }
    mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws
        -> [Float]?
    {
        seen.calls.withLock {
            $0.append((results.map(\.clientID).sorted(), failures.sorted { $0.clientID < $1.clientID }))
        }
        let total = Float(results.reduce(0) { $0 + $1.sampleCount })
        var out = [Float](repeating: 0, count: global.count)
        for r in results { for i in out.indices { out[i] += r.parameters[i] * Float(r.sampleCount) / total } }
        return out
    }
}

/// A federation in one process: the server's system plus one system per client, on an in-memory network
/// with real time (so call timeouts fire), so every call crosses the mesh and is metered.
final class LocalFederation: Sendable {
    let network = InMemoryNetwork()
    let server: MeshSystem
    let clientSystems: [MeshSystem]
    let clients: [Int: ClientActor]

    init(_ specs: [(trainer: QuadraticTrainer, profile: ClientProfile)]) throws {
        server = try MeshSystem(transport: InMemoryTransport(name: "server", network: network))
        var systems: [MeshSystem] = []
        var refs: [Int: ClientActor] = [:]
        for (i, spec) in specs.enumerated() {
            let system = try MeshSystem(transport: InMemoryTransport(name: "client\(i)", network: network))
            let actor = try system.makeActor(named: ClientActor.path(for: i)) {
                ClientActor(actorSystem: system, clientID: i, trainer: spec.trainer, profile: spec.profile)
            }
            refs[i] = try ClientActor.resolve(id: actor.id, using: server)
            systems.append(system)
            keepAlive.withLock { $0.append(actor) }
        }
        clientSystems = systems
        clients = refs
    }
    let keepAlive = Mutex<[ClientActor]>([])

    func shutdown() {
        server.shutdown()
        for s in clientSystems { s.shutdown() }
    }
}

@Suite struct ServerLoopTests {
    @Test func fullParticipationConvergesToFedAvgsFixedPoint() async throws {
        // Prepare: three clients pulling towards 1, 2 and 6 with 10, 10 and 20 samples (weights ¼, ¼, ½).
        // With batch 10 they take 1, 1 and 2 steps of lr ½, moving a = ½, ½, ¾ of the way to their target,
        // so FedAvg's fixed point is Σ p·a·t / Σ p·a = (⅛·1 + ⅛·2 + ⅜·6) / ⅝ = 4.2 — not the weighted
        // mean 3.75: the objective inconsistency that unequal local work causes (Wang et al., 2020).
        let federation = try LocalFederation([
            (QuadraticTrainer(target: [1], samples: 10), ClientProfile()),
            (QuadraticTrainer(target: [2], samples: 10), ClientProfile()),
            (QuadraticTrainer(target: [6], samples: 20), ClientProfile()),
        ])
        defer { federation.shutdown() }
        let evaluator = QuadraticTrainer(target: [4.2])
        let config = ServerConfig(rounds: 8, plan: LocalPlan(epochs: 1, batchSize: 10, learningRate: 0.5))
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: RecordingMean(), initialParameters: [0],
            evaluator: evaluator, config: config)
        // Execute
        let report = try await server.run()
        // Assert
        #expect(report.rounds.count == 8)
        #expect(report.rounds.allSatisfy { $0.completed == [0, 1, 2] || Set($0.completed) == [0, 1, 2] })
        let w = try #require(await server.parameters.first)
        #expect(abs(w - 4.2) < 0.01)
        #expect((report.finalAccuracy ?? 0) > 0.99)
        // Every round moved the model down and the updates up through the metered mesh.
        #expect(report.rounds.allSatisfy { $0.wireBytesDown > 0 && $0.wireBytesUp > 0 && $0.logicalBytesDown == 12 })
        // Round bytes are the fit traffic the server's ledger metered (describe() came before round 1).
        let ledger = federation.server.ledger.snapshot()
        let fitSent = ledger.total { $0.method == "fit(_:)" && $0.direction == .sent }
        let fitReceived = ledger.total { $0.method == "fit(_:)" && $0.direction == .received }
        #expect(report.totalWireBytesDown == fitSent.totalBytes)
        #expect(report.totalWireBytesUp == fitReceived.totalBytes)
    }

    @Test func theDeadlineDropsExactlyTheSlowClientsWithoutWaitingForThem() async throws {
        // Prepare: clients 1 and 3 compute at 1 FLOP/s: their virtual round takes hours; the deadline is 60 s.
        let slow = ClientProfile(device: DeviceProfile(flopsPerSecond: 1))
        let fast = ClientProfile(device: DeviceProfile(flopsPerSecond: 1e9))
        let federation = try LocalFederation([
            (QuadraticTrainer(target: [1], samples: 320), fast), (QuadraticTrainer(target: [1], samples: 320), slow),
            (QuadraticTrainer(target: [1], samples: 320), fast), (QuadraticTrainer(target: [1], samples: 320), slow),
        ])
        defer { federation.shutdown() }
        let seen = Seen()
        let config = ServerConfig(
            rounds: 2, plan: LocalPlan(epochs: 5, batchSize: 1, learningRate: 0.1), roundDeadlineSeconds: 60)
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: RecordingMean(seen: seen),
            initialParameters: [0],
            evaluator: nil, config: config)
        // Execute
        let started = ContinuousClock.now
        let report = try await server.run()
        // Assert: stragglers are exactly 1 and 3, reported to the strategy as failures; no real waiting.
        for round in report.rounds {
            #expect(round.completed == [0, 2])
            #expect(round.straggled == [1, 3])
            #expect(round.virtualSeconds == 60)
        }
        #expect(
            seen.all.allSatisfy {
                $0.results == [0, 2] && $0.failures.map(\.clientID) == [1, 3]
                    && $0.failures.allSatisfy { $0.kind == .straggler }
            })
        // Waiting out the 60 s deadline would take 120 s for the two rounds.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func crashedVanishedAndDroppedClientsDoNotStallTheRound() async throws {
        struct Boom: Error, Codable {}
        let federation = try LocalFederation([
            (QuadraticTrainer(target: [2]), ClientProfile()),
            (QuadraticTrainer(target: [2], failWith: Boom()), ClientProfile()),
            (QuadraticTrainer(target: [2]), ClientProfile(device: DeviceProfile(dropoutProbability: 1))),
            (QuadraticTrainer(target: [2]), ClientProfile()),
        ])
        defer { federation.shutdown() }
        let seen = Seen()
        let config = ServerConfig(
            rounds: 1, plan: LocalPlan(batchSize: 10, learningRate: 0.5), callTimeout: .seconds(5))
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: RecordingMean(seen: seen),
            initialParameters: [0],
            evaluator: nil, config: config)
        // Client 3's node vanishes after the server has met every client.
        try await server.prepare()
        federation.clientSystems[3].shutdown()

        let started = ContinuousClock.now
        let report = try await server.run()
        let round = try #require(report.rounds.first)
        #expect(round.completed == [0])
        #expect(round.failed == [1, 3])
        #expect(round.dropped == [2])
        let failures = try #require(seen.all.first).failures
        #expect(failures.map(\.clientID) == [1, 2, 3])
        #expect(failures.map(\.kind) == [.error, .dropout, .error])
        // The vanished client costs one call timeout (5 s, wide enough for a loaded machine), not a stall.
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
