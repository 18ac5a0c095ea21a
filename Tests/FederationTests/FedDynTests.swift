import Federation
import Foundation
import Testing

/// FedDyn's server rule, its client rule (``ClientAlgorithmState``), and its fixed point.
@Suite struct FedDynTests {
    @Test func clientAddsTheDynamicRegularizerAndKeepsItsGradientState() throws {
        // Prepare: α = 0.1, global [1, 2], no gradient state yet.
        var state = ClientAlgorithmState()
        let hooks = ClientHooks(dynamicAlpha: 0.1)
        // Execute: the correction at w = [2, 2]; training ended at [2, 1].
        let adjust = try #require(state.gradientAdjustment(global: [1, 2], hooks: hooks))
        var g: [Float] = [0, 0]
        adjust(&g, [2, 2])
        _ = state.finish(global: [1, 2], local: [2, 1], steps: 1, learningRate: 0.1, hooks: hooks, groups: [])
        // Assert: g + α(w − θ) = [0.1, 0]; ∇L_i ← 0 − α·([2, 1] − [1, 2]) = [−0.1, 0.1]; next round at w = θ the
        // correction is −∇L_i(prev).
        #expect(close(g, [0.1, 0]))
        #expect(close(state.dynamicGradient, [-0.1, 0.1]))
        let next = try #require(state.gradientAdjustment(global: [0, 0], hooks: hooks))
        var g2: [Float] = [0, 0]
        next(&g2, [0, 0])
        #expect(close(g2, [0.1, -0.1]))
    }

    @Test func serverUpdatesHAndCorrectsTheMean() throws {
        // Prepare: α = ½, global [0, 0], results [1, 2] and [3, 0] (plain mean [2, 1]).
        var full = try FedDyn(alpha: 0.5)
        var sampled = try FedDyn(alpha: 0.5, population: 4)
        let results = [result(0, [1, 2], samples: 10), result(1, [3, 0], samples: 30)]
        // Execute
        let a = try #require(try full.aggregateFit(round: 1, global: [0, 0], results: results, failures: []))
        let b = try #require(try sampled.aggregateFit(round: 1, global: [0, 0], results: results, failures: []))
        // Assert: m = |S|: h = −½·[2, 1], θ = [2, 1] − 2h = [4, 2]. m = 4: h = −½·¼·[4, 2], θ = [3, 1.5].
        #expect(close(full.h, [-1, -0.5]) && close(a, [4, 2]))
        #expect(close(sampled.h, [-0.5, -0.25]) && close(b, [3, 1.5]))
        #expect(full.configureFit(round: 2, global: a, clients: [0], plan: LocalPlan())[0]?.hooks.dynamicAlpha == 0.5)
        // h is the checkpointed state.
        var restored = try FedDyn(alpha: 0.5)
        try restored.restoreState(try full.checkpointState())
        #expect(close(restored.h, [-1, -0.5]))
    }

    @Test func badSettingsFail() {
        #expect(throws: FederationError.self) { _ = try FedDyn(alpha: 0) }
        #expect(throws: FederationError.self) { _ = try FedDyn(alpha: 0.1, population: -1) }
        #expect(throws: FederationError.self) { _ = try StrategyCatalog.make(name: "feddyn", options: ["alpha": -1]) }
    }

    @Test func reachesTheOptimumDespiteUnequalLocalWork() async throws {
        // Prepare: the drifting clients of ScaffoldTests (targets 1, 2, 6; 1, 1 and 2 steps of lr ½), where
        // FedAvg settles at 4.2. FedDyn's objective is the plain sum of the client losses: optimum 3.
        // Execute
        let w = try await finalModelOnDriftingClients(try FedDyn(alpha: 0.5), rounds: 30)
        // Assert
        #expect(abs(w - 3) < 0.01)
    }
}
