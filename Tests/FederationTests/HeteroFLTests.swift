import ActorMesh
import ActorMeshTesting
import Federation
import Foundation
import Learning
import Synchronization
import Testing

/// HeteroFL: the submodel aggregation, the strategy's width rule and cuts, and a round with ×1, ×½
/// and ×¼ cnn clients.
@Suite struct HeteroFLTests {
    @Test func eachParameterIsTheMeanOfTheClientsThatCoverIt() throws {
        // Prepare: a 5-parameter model; A covers all of it, B covers 0 and 2, C covers 0; nobody covers 4
        // except A, and A is absent in the second case.
        let global: [Float] = [9, 9, 9, 9, 9]
        let a = SubmodelAggregation.Part(clientID: 0, parameters: [1, 1, 1, 1, 1], map: [0, 1, 2, 3, 4])
        let b = SubmodelAggregation.Part(clientID: 1, parameters: [3, 5], map: [0, 2])
        let c = SubmodelAggregation.Part(clientID: 2, parameters: [5], map: [0])
        // Execute
        let all = try SubmodelAggregation.aggregate(global: global, parts: [a, b, c])
        let small = try SubmodelAggregation.aggregate(global: global, parts: [b, c])
        // Assert: [(1+3+5)/3, 1, (1+5)/2, 1, 1]; without A, uncovered parameters keep the global 9.
        #expect(close(all, [3, 1, 3, 1, 1]))
        #expect(close(small, [4, 9, 5, 9, 9]))
        #expect(SubmodelAggregation.cut([10, 11, 12], map: [2, 0]) == [12, 10])
        #expect(throws: FederationError.self) {
            _ = try SubmodelAggregation.aggregate(
                global: global, parts: [SubmodelAggregation.Part(clientID: 3, parameters: [1], map: [7])])
        }
        #expect(throws: FederationError.self) {
            _ = try SubmodelAggregation.aggregate(
                global: global, parts: [SubmodelAggregation.Part(clientID: 3, parameters: [1, 2], map: [0])])
        }
    }

    static let shape = [1, 8, 8]

    @Test func clientsGetTheirWidthsSubmodelCutFromTheGlobalModel() throws {
        // Prepare: levels ×1/×½/×¼ cycled by id, client 4 pinned to ×¼.
        let s = try HeteroFLStrategy(model: "cnn", sampleShape: Self.shape, classes: 3, widths: [4: 0.25])
        let full = try ModelZoo.make("cnn", sampleShape: Self.shape, classes: 3, width: 1, seed: 1).parameters
        // Execute
        let sent = s.configureFit(round: 1, global: full, clients: [0, 1, 2, 4], plan: LocalPlan())
        // Assert: sizes are the width-w models'; each submodel is the global values at its map.
        #expect([0, 1, 2, 3, 4].map { s.width(ofClient: $0) } == [1, 0.5, 0.25, 1, 0.25])
        for (id, w) in [(0, 1.0), (1, 0.5), (2, 0.25), (4, 0.25)] {
            let size = try ModelZoo.make("cnn", sampleShape: Self.shape, classes: 3, width: w, seed: 1).parameterCount
            #expect(sent[id]?.parameters.count == size)
            #expect(s.parameterCount(ofClient: id, globalCount: full.count) == size)
            #expect(sent[id]?.parameters == s.map(ofClient: id)?.map { full[$0] })
        }
        #expect(sent[0]?.parameters == full)
        #expect(throws: FederationError.self) {
            _ = try HeteroFLStrategy(model: "cnn", sampleShape: Self.shape, classes: 3, levels: [])
        }
        #expect(throws: FederationError.self) {
            _ = try HeteroFLStrategy(model: "cnn", sampleShape: Self.shape, classes: 3, levels: [1, 0])
        }
        #expect(throws: FederationError.self) {
            _ = try HeteroFLStrategy(model: "cnn", sampleShape: Self.shape, classes: 3, widths: [0: 1.5])
        }
        #expect(throws: FederationError.self) {
            _ = try HeteroFLStrategy(model: "2nn", sampleShape: [784], classes: 10)
        }
    }

    /// The results a strategy aggregated.
    final class Box: Sendable {
        let results = Mutex<[FitResult]>([])
    }

    /// Forwards to HeteroFL and keeps the results it aggregated.
    struct Recording: Strategy {
        var inner: HeteroFLStrategy
        let seen = Box()
        var name: String { inner.name }
        mutating func prepare(clients: [ClientDescription], globalCount: Int) throws {
            try inner.prepare(clients: clients, globalCount: globalCount)
        }
        func parameterCount(ofClient id: Int, globalCount: Int) -> Int {
            inner.parameterCount(ofClient: id, globalCount: globalCount)
        }
        func parameters(forClient id: Int, global: [Float]) -> [Float] {
            inner.parameters(forClient: id, global: global)
        }
        func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
            inner.configureFit(round: round, global: global, clients: clients, plan: plan)
        }
        mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws
            -> [Float]?
        {
            seen.results.withLock { $0 = results }
            return try inner.aggregateFit(round: round, global: global, results: results, failures: failures)
        }
    }

    @Test(arguments: ["cnn", "resnet8"])
    func aMixedWidthRoundAveragesEachParameterOverTheClientsThatTrainedIt(model: String) async throws {
        // Prepare: three clients with `model` at ×1, ×½ and ×¼ on 8×8 images of 3 classes, each with
        // 8 samples of its own; the global model is the ×1 one.
        let strategy = Recording(inner: try HeteroFLStrategy(model: model, sampleShape: Self.shape, classes: 3))
        let features = (0..<(24 * 64)).map { Float(sin(Double($0) * 0.37)) }
        let data = try Dataset(
            name: "tiny-images", features: features, labels: (0..<24).map { Int32($0 % 3) }, featureCount: 64,
            classCount: 3, labelNames: ["a", "b", "c"], sampleShape: Self.shape)
        let network = InMemoryNetwork()
        let serverSystem = try MeshSystem(transport: InMemoryTransport(name: "server", network: network))
        var systems: [MeshSystem] = []
        var clients: [Int: ClientActor] = [:]
        var actors: [ClientActor] = []
        for id in 0..<3 {
            let system = try MeshSystem(transport: InMemoryTransport(name: "client\(id)", network: network))
            let width = strategy.inner.width(ofClient: id)
            let actor = try system.makeActor(named: ClientActor.path(for: id)) {
                ClientActor(
                    actorSystem: system, clientID: id,
                    trainer: try ModelTrainer(
                        model: try ModelZoo.make(model, sampleShape: Self.shape, classes: 3, width: width, seed: 2),
                        dataset: data, trainIndices: Array((id * 8)..<(id * 8 + 8)), evaluation: .heldOut(Array(0..<8))),
                    profile: ClientProfile())
            }
            actors.append(actor)
            clients[id] = try ClientActor.resolve(id: actor.id, using: serverSystem)
            systems.append(system)
        }
        defer { serverSystem.shutdown(); for s in systems { s.shutdown() } }
        let initial = try ModelZoo.make(model, sampleShape: Self.shape, classes: 3, width: 1, seed: 1).parameters
        let server = try FederatedServer(
            system: serverSystem, clients: clients, strategy: strategy, initialParameters: initial, evaluator: nil,
            config: ServerConfig(
                rounds: 1, plan: LocalPlan(epochs: 1, batchSize: 4, learningRate: 0.05), federatedEvaluation: true))
        // Execute
        let report = try await server.run()
        let next = await server.parameters
        // Assert: all three trained and were evaluated on their own submodels; each received its submodel only.
        let round = try #require(report.rounds.first)
        // Completed lists the fastest first: the smaller submodels cost less virtual time.
        #expect(round.completed == [2, 1, 0])
        #expect(round.clientVirtualSeconds[2] ?? 0 < round.clientVirtualSeconds[1] ?? 0)
        #expect(round.clientAccuracy.count == 3)
        let down = try #require(round.clientBytesDown)
        #expect(down[0] == 4 * initial.count && (down[0] ?? 0) > (down[1] ?? 0) && (down[1] ?? 0) > (down[2] ?? 0))
        // A parameter only the ×1 client covers takes its value; one all three cover is their mean;
        // the ×½ client's parameters outside the ×¼ map are the mean of clients 0 and 1.
        let results = Dictionary(uniqueKeysWithValues: strategy.seen.results.withLock { $0 }.map { ($0.clientID, $0) })
        let maps = try (0..<3).map { try #require(strategy.inner.map(ofClient: $0)) }
        func value(_ id: Int, at j: Int) throws -> Float {
            let i = try #require(maps[id].firstIndex(of: j))
            return try #require(results[id]).parameters[i]
        }
        let inHalf = Set(maps[1]), inQuarter = Set(maps[2])
        let onlyFull = try #require((0..<initial.count).first { !inHalf.contains($0) })
        let shared = try #require(maps[2].first)
        let halfOnly = try #require(maps[1].first { !inQuarter.contains($0) })
        let onlyFullValue = try value(0, at: onlyFull)
        let sharedMean = (try value(0, at: shared) + value(1, at: shared) + value(2, at: shared)) / 3
        let halfMean = (try value(0, at: halfOnly) + value(1, at: halfOnly)) / 2
        #expect(abs(next[onlyFull] - onlyFullValue) < 1e-6)
        #expect(abs(next[shared] - sharedMean) < 1e-5)
        #expect(abs(next[halfOnly] - halfMean) < 1e-5)
        #expect(next != initial && next.allSatisfy(\.isFinite))
        _ = actors
    }

    @Test func aTopologyBuildsClientModelsAtTheLevelsAndTheStrategyReadsThemFromTheClients() throws {
        // Prepare: the catalog's heterofl with 3 levels, and the setup a topology node gets.
        var strategy = try StrategyCatalog.make(name: "heterofl", options: [:])
        let levels = try #require(StrategyCatalog.submodelWidths(name: "heterofl", options: [:]))
        var setup = ClientSetup(
            dataset: "fashion-mnist", partition: "iid", model: "cnn", seed: 1, totalClients: 30,
            clients: Dictionary(uniqueKeysWithValues: (0..<3).map { ($0, ClientProfile()) }))
        setup.widthLevels = levels
        let factory = LearningTrainerFactory()
        // Execute: build the three clients as a node would, and let the strategy read their descriptions.
        let trainers = try (0..<3).map { try factory.makeTrainer(setup, clientID: $0) }
        let global = try factory.makeEvaluator(setup).initialParameters
        let descriptions = trainers.enumerated().map { id, t in
            ClientDescription(
                clientID: id, sampleCount: t.sampleCount, parameterCount: t.parameterCount, profile: ClientProfile(),
                model: t.modelDescription)
        }
        try strategy.prepare(clients: descriptions, globalCount: global.count)
        // Assert: ×1, ×½, ×¼ models whose sizes the strategy expects, and submodels it can send them.
        #expect(levels == [1, 0.5, 0.25])
        #expect(trainers.map { $0.modelDescription?.width } == [1, 0.5, 0.25])
        for (id, t) in trainers.enumerated() {
            #expect(strategy.parameterCount(ofClient: id, globalCount: global.count) == t.parameterCount)
            #expect(strategy.parameters(forClient: id, global: global).count == t.parameterCount)
        }
        #expect(trainers[0].parameterCount == global.count && trainers[2].parameterCount < trainers[1].parameterCount)
        #expect(StrategyCatalog.submodelWidths(name: "fedavg", options: [:]) == nil)
        #expect(StrategyCatalog.submodelWidths(name: "heterofl", options: ["levels": 2]) == [1, 0.5])
        #expect(throws: FederationError.self) { _ = try StrategyCatalog.make(name: "heterofl", options: ["levels": 4]) }
        // A 2nn has no width-scaled variants: the strategy says so when the clients describe themselves.
        var twoNN = try StrategyCatalog.make(name: "heterofl", options: [:])
        let model = ModelDescription(name: "2nn", width: 0.5, sampleShape: [1, 28, 28], classes: 10)
        #expect(throws: FederationError.self) {
            try twoNN.prepare(
                clients: [
                    ClientDescription(
                        clientID: 1, sampleCount: 1, parameterCount: 10, profile: ClientProfile(), model: model)
                ], globalCount: 10)
        }
    }
}
