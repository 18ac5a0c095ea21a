import ActorMesh
import Foundation
import Learning
import Synchronization
import Testing
@testable import Federation

/// A one-coordinate client that answers `fit` with whatever it is told to: a loss, a FLOP count, a
/// sample count differing from the one it described, a model description, and no client-rule extras
/// (as a client that does not run the strategy's client algorithm would).
final class ScriptedTrainer: LocalTrainer, Sendable {
    let samples: Int
    let fitSamples: Mutex<Int?>
    let loss: Double
    let flops: Double
    let description: ModelDescription?
    init(samples: Int = 10, loss: Double = 1, flops: Double = 10, description: ModelDescription? = nil) {
        self.samples = samples
        self.fitSamples = Mutex(nil)
        self.loss = loss
        self.flops = flops
        self.description = description
    }
    var parameterCount: Int { 1 }
    var sampleCount: Int { fitSamples.withLock { $0 } ?? samples }
    var modelDescription: ModelDescription? { description }
    func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit {
        LocalFit(parameters: parameters.map { $0 + 1 }, trainLoss: loss, steps: 1, flops: flops)
    }
    func evaluate(_ global: [Float]) throws -> LocalEvaluation {
        LocalEvaluation(loss: loss, accuracy: 0.5, sampleCount: samples)
    }
}

/// A round whose answers a strategy cannot use loses those clients, never the run.
@Suite struct HostileRoundTests {
    /// Two honest quadratic clients (ids 0, 1) and `odd` as client 2, under `strategy`.
    func run(
        _ strategy: any Strategy, odd: ScriptedTrainer, profile: ClientProfile = ClientProfile(), rounds: Int = 2,
        participation: ParticipationPolicy = ParticipationPolicy(),
        afterPrepare: () -> Void = {}
    ) async throws -> (RunReport, [Float]) {
        let federation = try LocalFederation([
            (QuadraticTrainer(target: [1], samples: 10), ClientProfile()),
            (QuadraticTrainer(target: [3], samples: 10), ClientProfile()),
        ])
        defer { federation.shutdown() }
        let system = federation.clientSystems[0]
        let actor = try system.makeActor(named: ClientActor.path(for: 2)) {
            ClientActor(actorSystem: system, clientID: 2, trainer: odd, profile: profile)
        }
        var clients = federation.clients
        clients[2] = try ClientActor.resolve(id: actor.id, using: federation.server)
        let server = try FederatedServer(
            system: federation.server, clients: clients, strategy: strategy, initialParameters: [0], evaluator: nil,
            config: ServerConfig(
                rounds: rounds, participation: participation, plan: LocalPlan(batchSize: 10, learningRate: 0.5)))
        try await server.prepare()
        afterPrepare()
        let report = try await server.run()
        _ = actor
        return (report, await server.parameters)
    }

    @Test func aScaffoldClientWithoutAControlVariateChangeFailsAloneAndTheOthersAggregate() async throws {
        let (report, model) = try await run(try Scaffold(), odd: ScriptedTrainer())
        #expect(report.rounds.map(\.failed) == [[2], [2]])
        #expect(report.rounds.map(\.completed) == [[0, 1], [0, 1]])
        #expect(report.rounds.allSatisfy { $0.aggregationError == nil })
        // Why it failed is in the round (and the JSON report), and on the console under the round.
        let reason = try #require(report.rounds[0].failureReasons?[2])
        #expect(reason.contains("control-variate"), "\(reason)")
        #expect(report.rounds[0].failureReasons?.keys.sorted() == [2])
        #expect(try RunReport.load(from: report.jsonData()).rounds[0].failureReasons == report.rounds[0].failureReasons)
        #expect(RunReport.consoleLine(report.rounds[0]).contains("\n         client 2 failed: \(reason)"))
        // The honest clients moved the model toward their targets 1 and 3.
        let w = try #require(model.first)
        #expect(w > 0.5 && w < 3)
    }

    @Test func aFitResultWhoseSampleCountDiffersFromTheDescriptionIsRefused() async throws {
        let odd = ScriptedTrainer(samples: 10)
        let (report, _) = try await run(try FedAvg(), odd: odd) { odd.fitSamples.withLock { $0 = 11 } }
        #expect(report.rounds.map(\.failed) == [[2], [2]])
        #expect(report.rounds.map(\.completed) == [[0, 1], [0, 1]])
    }

    /// min_fit 3 with one client refused each round: two usable results, so no round aggregates;
    /// each round keeps the model and says why, and the refused client's reason is recorded.
    @Test func aRoundWithFewerUsableResultsThanMinFitKeepsTheModelAndSaysWhy() async throws {
        let odd = ScriptedTrainer(samples: 10)
        let (report, model) = try await run(try FedAvg(), odd: odd, participation: ParticipationPolicy(minFit: 3)) {
            odd.fitSamples.withLock { $0 = 11 }
        }
        #expect(report.rounds.map(\.completed) == [[0, 1], [0, 1]])
        #expect(model == [0])
        #expect(
            report.rounds.map(\.aggregationError)
                == Array(repeating: "2 usable results, fewer than min_fit 3 (1 failed: see failureReasons)", count: 2))
        #expect(report.rounds[0].failureReasons?[2]?.contains("reports 11 samples; it described 10") == true)
        #expect(RunReport.consoleLine(report.rounds[0]).contains("model kept: 2 usable results, fewer than min_fit 3"))
    }

    /// min_available 3 with client 2 never online: no round starts; each keeps the model and says why.
    @Test func aRoundWithTooFewClientsOnlineKeepsTheModelAndSaysWhy() async throws {
        let offline = ClientProfile(device: DeviceProfile(availability: 0))
        let (report, model) = try await run(
            try FedAvg(), odd: ScriptedTrainer(), profile: offline, participation: ParticipationPolicy(minAvailable: 3))
        #expect(report.rounds.allSatisfy { $0.invited.isEmpty })
        #expect(model == [0])
        #expect(
            report.rounds.map(\.aggregationError)
                == Array(repeating: "2 clients online, fewer than min_available 3: no client was invited", count: 2))
    }

    @Test func aRoundTimeTheClockCannotHoldMakesTheClientAFailure() async throws {
        // 1e308 FLOPs at 1e-300 FLOP/s is an infinite virtual time.
        let slow = ClientProfile(device: DeviceProfile(flopsPerSecond: 1e-300))
        let (report, model) = try await run(try FedAvg(), odd: ScriptedTrainer(flops: 1e308), profile: slow)
        #expect(report.rounds.map(\.failed) == [[2], [2]])
        #expect(report.rounds.allSatisfy { $0.virtualSeconds.isFinite })
        #expect(try #require(model.first).isFinite)
    }

    /// Refuses every round's results, as Krum does with too few clients.
    struct Refusing: Strategy {
        var name: String { "Refusing" }
        mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws
            -> [Float]?
        {
            throw FederationError(.invalidUpdate, "cannot aggregate round \(round)")
        }
    }

    @Test func aStrategyThatCannotAggregateKeepsTheModelAndTheRoundSaysWhy() async throws {
        let (report, model) = try await run(Refusing(), odd: ScriptedTrainer())
        #expect(report.rounds.count == 2)
        #expect(
            report.rounds.map(\.aggregationError) == [
                "invalidUpdate: cannot aggregate round 1", "invalidUpdate: cannot aggregate round 2",
            ])
        #expect(model == [0])
        // It survives the JSON report.
        let decoded = try RunReport.load(from: report.jsonData())
        #expect(decoded.rounds.map(\.aggregationError) == report.rounds.map(\.aggregationError))
        // The console and CSV say it too.
        #expect(
            RunReport.consoleLine(report.rounds[0]).hasSuffix("model kept: invalidUpdate: cannot aggregate round 1"))
        let csv = report.csv().split(separator: "\n")
        #expect(
            csv[0].hasSuffix(",aggregation_error") && csv[1].hasSuffix(",\"invalidUpdate: cannot aggregate round 1\""))
    }

    @Test func qFedAvgCopesWithHugeLosses() throws {
        // With both losses at 1e200 the ‖Δw‖² term vanishes: the step is the plain mean of the
        // clients' models (Δwᵢ = L(g − pᵢ), Σ Δwᵢ / (n·L) = g − mean p). Unscaled, 1e200^q overflowed.
        var strategy = try QFedAvg(q: 2, lipschitz: 1)
        let results = [(0, Float(2)), (1, Float(4))].map { id, p in
            FitResult(
                clientID: id, parameters: [p], sampleCount: 5, trainLoss: 1e200, localSteps: 1, flops: 1,
                computeSeconds: 0)
        }
        let next = try #require(try strategy.aggregateFit(round: 1, global: [0], results: results, failures: []))
        #expect(abs(next[0] - 3) < 1e-5)
        // One huge loss and one small: finite, and the high-loss client dominates (q-FedAvg's fairness).
        var mixed = results
        mixed[0].trainLoss = 1e-3
        let tilted = try #require(try strategy.aggregateFit(round: 1, global: [0], results: mixed, failures: []))
        #expect(tilted[0].isFinite && abs(tilted[0] - 4) < 1e-3)
    }

    @Test func aHeteroFLClientDescribingAnotherModelOrWidthIsRefusedByName() throws {
        func description(_ id: Int, _ model: ModelDescription) -> ClientDescription {
            ClientDescription(clientID: id, sampleCount: 10, parameterCount: 1, profile: ClientProfile(), model: model)
        }
        let shape = [1, 8, 8]
        let global = try HeteroFLStrategy(model: "cnn", sampleShape: shape, classes: 3)
        let count = try fullCNNCount(shape)
        // Another sample shape.
        var strategy = global
        #expect(throws: FederationError.self) {
            try strategy.prepare(
                clients: [description(4, ModelDescription(name: "cnn", width: 1, sampleShape: [1, 9, 9], classes: 3))],
                globalCount: count)
        }
        do {
            try strategy.prepare(
                clients: [description(4, ModelDescription(name: "2nn", width: 1, sampleShape: shape, classes: 3))],
                globalCount: count)
            Issue.record("a client describing another model was accepted")
        } catch let error as FederationError {
            #expect("\(error)".contains("client 4"))
        }
        // A width that is not one of the levels.
        #expect(throws: FederationError.self) {
            try strategy.prepare(
                clients: [description(4, ModelDescription(name: "cnn", width: 0.3, sampleShape: shape, classes: 3))],
                globalCount: count)
        }
        // Without a given layout, the clients must agree with each other, and the ×1 size must be the global one.
        var fromClients = try HeteroFLStrategy(levels: [1, 0.5])
        #expect(throws: FederationError.self) {
            try fromClients.prepare(
                clients: [
                    description(0, ModelDescription(name: "cnn", width: 1, sampleShape: shape, classes: 3)),
                    description(1, ModelDescription(name: "cnn", width: 0.5, sampleShape: shape, classes: 4)),
                ], globalCount: count)
        }
        #expect(throws: FederationError.self) {
            try fromClients.prepare(
                clients: [description(0, ModelDescription(name: "cnn", width: 1, sampleShape: shape, classes: 3))],
                globalCount: count + 1)
        }
        try fromClients.prepare(
            clients: [
                description(0, ModelDescription(name: "cnn", width: 1, sampleShape: shape, classes: 3)),
                description(1, ModelDescription(name: "cnn", width: 0.5, sampleShape: shape, classes: 3)),
            ], globalCount: count)
        #expect(fromClients.parameterCount(ofClient: 1, globalCount: count) < count)
    }

    /// The ×1 cnn's parameter count for `shape` and 3 classes.
    func fullCNNCount(_ shape: [Int]) throws -> Int {
        try ModelZoo.make("cnn", sampleShape: shape, classes: 3, width: 1, seed: 1).parameters.count
    }

    @Test func modelDescriptionsThatCannotBeBuiltAreRefusedBeforeAnythingIsAllocated() throws {
        let fine = ModelDescription(name: "cnn", width: 0.5, sampleShape: [1, 28, 28], classes: 10)
        try fine.check(from: 3)
        var bad: [ModelDescription] = []
        var m = fine; m.sampleShape = [1, Int.max, 4]; bad.append(m)
        m = fine; m.sampleShape = [1, 65536, 65536]; bad.append(m)
        m = fine; m.sampleShape = [1, 0, 28]; bad.append(m)
        m = fine; m.sampleShape = []; bad.append(m)
        m = fine; m.sampleShape = [1, 1, 1, 1, 1]; bad.append(m)
        m = fine; m.width = 0; bad.append(m)
        m = fine; m.width = .nan; bad.append(m)
        m = fine; m.classes = 0; bad.append(m)
        m = fine; m.classes = Int.max; bad.append(m)
        m = fine; m.name = ""; bad.append(m)
        m = fine; m.name = String(repeating: "x", count: 65); bad.append(m)
        for d in bad {
            do {
                try d.check(from: 3)
                Issue.record("accepted \(d)")
            } catch {
                #expect("\(error)".contains("client 3"))
            }
        }
        // Through the whole description, as the server checks it at prepare.
        m = fine; m.sampleShape = [1, Int.max, 4]
        #expect(throws: FederationError.self) {
            try ClientDescription(clientID: 3, sampleCount: 10, parameterCount: 1, profile: ClientProfile(), model: m)
                .checked()
        }
    }

    @Test func anEvaluationAboutAnotherClientIsIgnored() {
        let answer = EvaluateResult(clientID: 1, sampleCount: 10, loss: 0.5, accuracy: 0.9)
        #expect(FederatedServer.usableEvaluation(answer, askedClient: 1) == answer)
        #expect(FederatedServer.usableEvaluation(answer, askedClient: 2) == nil)
        #expect(
            FederatedServer.usableEvaluation(
                EvaluateResult(clientID: 1, sampleCount: 10, loss: .nan, accuracy: 0.9), askedClient: 1) == nil)
        #expect(FederatedServer.usableEvaluation(nil, askedClient: 1) == nil)
    }

    @Test func aClientDescribingItselfUnderAnotherIdIsRefused() async throws {
        let federation = try LocalFederation([(QuadraticTrainer(target: [1]), ClientProfile())])
        defer { federation.shutdown() }
        let system = federation.clientSystems[0]
        // Registered as client 1, answering as client 0: ids 0 and 1 both say "0".
        let actor = try system.makeActor(named: ClientActor.path(for: 1)) {
            ClientActor(
                actorSystem: system, clientID: 0, trainer: QuadraticTrainer(target: [2]), profile: ClientProfile())
        }
        var clients = federation.clients
        clients[1] = try ClientActor.resolve(id: actor.id, using: federation.server)
        let server = try FederatedServer(
            system: federation.server, clients: clients, strategy: try FedAvg(), initialParameters: [0], evaluator: nil,
            config: ServerConfig(rounds: 1, plan: LocalPlan(batchSize: 10, learningRate: 0.5)))
        await #expect(throws: FederationError.self) { try await server.prepare() }
        _ = actor
    }
}
