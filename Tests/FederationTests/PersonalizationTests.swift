import Federation
import Learning
import Foundation
import Testing

/// FedPer and FedBN: which groups are personal, the client keeping them, the server not averaging them.
@Suite struct PersonalizationTests {
    let groups = [
        ParameterGroup(name: "conv0.weight", range: 0..<2), ParameterGroup(name: "conv0.bias", range: 2..<3),
        ParameterGroup(name: "bn0.scale", range: 3..<4), ParameterGroup(name: "bn0.running_mean", range: 4..<5),
        ParameterGroup(name: "dense0.weight", range: 5..<7), ParameterGroup(name: "dense0.bias", range: 7..<8),
    ]

    @Test func personalGroupsResolveByLayerOrByName() {
        #expect(PersonalGroups.lastLayers(1).ranges(in: groups) == [5..<7, 7..<8])
        #expect(PersonalGroups.lastLayers(2).ranges(in: groups) == [3..<4, 4..<5, 5..<7, 7..<8])
        #expect(PersonalGroups.namePrefix("bn").ranges(in: groups) == [3..<4, 4..<5])
        #expect(PersonalGroups.lastLayers(1).ranges(in: []) == [])
    }

    @Test func clientKeepsItsPersonalGroupsFromItsLastRound() {
        // Prepare: a two-group model whose bn group is personal.
        let small = [
            ParameterGroup(name: "dense0.weight", range: 0..<2), ParameterGroup(name: "bn0.scale", range: 2..<3),
        ]
        let hooks = ClientHooks(personalGroups: .namePrefix("bn"))
        var state = ClientAlgorithmState()
        // Execute: round 1 starts from the global; training ends at [9, 9, 7]; round 2's global is [1, 1, 1].
        let first = state.startingParameters(global: [0, 0, 0], hooks: hooks, groups: small)
        let extras = state.finish(
            global: first, local: [9, 9, 7], steps: 1, learningRate: 0.1, hooks: hooks, groups: small)
        let second = state.startingParameters(global: [1, 1, 1], hooks: hooks, groups: small)
        // Assert: the shared part is the global's, the personal one the client's own; without the hook, the global.
        #expect(first == [0, 0, 0])
        #expect(extras.personalRanges == [2..<3])
        #expect(second == [1, 1, 7])
        #expect(state.startingParameters(global: [1, 1, 1], hooks: ClientHooks(), groups: small) == [1, 1, 1])
        // It evaluates its personalized model: the global shared part, its own personal part.
        #expect(state.evaluationParameters(global: [2, 2, 2]) == [2, 2, 7])
        #expect(ClientAlgorithmState().evaluationParameters(global: [2, 2, 2]) == [2, 2, 2])
    }

    @Test func serverAveragesThePersonalCoordinatesTooForItsOwnEvaluation() throws {
        // Prepare: global [0, 0, 5]; clients [2, 4, 8] (10 samples) and [4, 8, 2] (30 samples), coordinate 2 personal.
        var s = FedBN()
        var r1 = result(0, [2, 4, 8], samples: 10), r2 = result(1, [4, 8, 2], samples: 30)
        r1.personalRanges = [2..<3]
        r2.personalRanges = [2..<3]
        // Execute
        let w = try #require(try s.aggregateFit(round: 1, global: [0, 0, 5], results: [r1, r2], failures: []))
        // Assert: ¼·[2, 4, 8] + ¾·[4, 8, 2] = [3.5, 7, 3.5]. The clients go on from their own personal
        // coordinate (see the round tests); the mean is what the server's evaluator tests.
        #expect(close(w, [3.5, 7, 3.5]))
        #expect(
            s.configureFit(round: 1, global: w, clients: [0], plan: LocalPlan())[0]?.hooks.personalGroups
                == .namePrefix("bn"))
        var restored = FedBN()
        try restored.restoreState(try s.checkpointState())
        #expect(restored.name == "FedBN")
    }

    @Test func badRangesAndSettingsFail() throws {
        var s = try FedPer(personalLayers: 1)
        var r = result(0, [1, 2])
        r.personalRanges = [1..<3]
        #expect(throws: FederationError.self) {
            _ = try s.aggregateFit(round: 1, global: [0, 0], results: [r], failures: [])
        }
        #expect(throws: FederationError.self) { _ = try FedPer(personalLayers: 0) }
        #expect(throws: FederationError.self) {
            _ = try StrategyCatalog.make(name: "fedper", options: ["personal_layers": 0])
        }
    }

    @Test func personalHeadsSurviveRoundsWhileTheBaseAverages() async throws {
        // Prepare: a "base" and a "head" coordinate; the clients pull the base to 1 and 3 and the head to
        // +10 and −10. One step of lr ½ per round.
        let layout = [
            ParameterGroup(name: "dense0.weight", range: 0..<1), ParameterGroup(name: "dense1.weight", range: 1..<2),
        ]
        let trainers = [
            QuadraticTrainer(target: [1, 10], groups: layout), QuadraticTrainer(target: [3, -10], groups: layout),
        ]
        let federation = try LocalFederation(trainers.map { ($0, ClientProfile()) })
        defer { federation.shutdown() }
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: try FedPer(personalLayers: 1),
            initialParameters: [0, 0], evaluator: nil,
            config: ServerConfig(rounds: 12, plan: LocalPlan(epochs: 1, batchSize: 10, learningRate: 0.5)))
        // Execute
        _ = try await server.run()
        // Assert: the global base is the mean 2, its head the mean of the clients' heads (0, by symmetry:
        // what the server evaluates); each client's head went on from its own and reached its own target
        // (10·(1 − ½¹²) ≈ 9.998), where averaging would have left both at 0.
        let global = await server.parameters
        #expect(close(global, [2, 0], 1e-3))
        let heads = trainers.map { $0.algorithm.withLock { $0.lastLocal.last ?? 0 } }
        #expect(abs(heads[0] - 10) < 0.01 && abs(heads[1] + 10) < 0.01)
        // Each client is evaluated on its personalized model: loss ½·(2 − target base)² only, 0.5 for both.
        let losses = try trainers.map { try $0.evaluate(global).loss }
        #expect(losses.allSatisfy { abs($0 - 0.5) < 0.01 })
    }
}

/// FedBN on a real model: ``ModelTrainer`` forwards the model's groups and keeps its BatchNorm local.
@Suite struct ModelTrainerPersonalizationTests {
    @Test func modelTrainerKeepsItsBatchNormStatisticsAcrossRounds() throws {
        // Prepare: BatchNorm over [2, 2, 3] – flatten – dense 12→3, eight samples, one batch per round.
        let network = try SequentialNetwork(
            layers: [try BatchNorm(shape: [2, 2, 3]), Flatten(shape: [2, 2, 3]), try Dense(inputs: 12, outputs: 3)],
            seed: 4)
        let data = try Dataset(
            name: "tiny", features: (0..<(8 * 12)).map { Float($0 % 5) }, labels: (0..<8).map { Int32($0 % 3) },
            featureCount: 12, classCount: 3, labelNames: ["a", "b", "c"], sampleShape: [2, 2, 3])
        let trainer = try ModelTrainer(
            model: network, dataset: data, trainIndices: Array(0..<8), evaluation: .heldOut([]))
        let plan = LocalPlan(epochs: 1, batchSize: 8, learningRate: 0.01)
        let hooks = ClientHooks(personalGroups: .namePrefix("bn"))
        let initial = network.parameters
        // Execute: round 1 from the initial model; round 2 from a global whose running means are 100.
        let first = try trainer.fit(from: initial, plan: plan, hooks: hooks)
        var global = first.parameters
        for i in 6..<9 { global[i] = 100 }
        let second = try trainer.fit(from: global, plan: plan, hooks: hooks)
        // Assert: the groups are the model's; the personal ranges are BatchNorm's four; round 2's running
        // means continued from the client's own (0.9·m₁ + 0.1·batch mean, small), not from the global's 100.
        #expect(
            trainer.parameterGroups.map(\.name) == [
                "bn0.weight", "bn0.bias", "bn0.running_mean", "bn0.running_var", "dense0.weight", "dense0.bias",
            ])
        #expect(first.personalRanges == [0..<3, 3..<6, 6..<9, 9..<12])
        for i in 6..<9 {
            #expect(abs(second.parameters[i] - (0.9 * first.parameters[i] + first.parameters[i])) < 1e-4)
        }
    }
}
