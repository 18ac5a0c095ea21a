import Federation
import Foundation
import Testing

/// SCAFFOLD's server rule, its client rule (``ClientAlgorithmState``), and the drift it removes.
@Suite struct ScaffoldTests {
    @Test func clientCorrectsByTheControlVariatesAndReportsOptionII() throws {
        // Prepare: x = [1, 2], c = [0.5, −1], c_i = 0 (first round).
        var state = ClientAlgorithmState()
        let hooks = ClientHooks(controlVariate: [0.5, -1])
        // Execute: the correction, then K = 2 steps of η = 0.1 that ended at y = [0.8, 2.4].
        let adjust = try #require(state.gradientAdjustment(global: [1, 2], hooks: hooks))
        var g: [Float] = [0, 0]
        adjust(&g, [1, 2])
        let extras = state.finish(
            global: [1, 2], local: [0.8, 2.4], steps: 2, learningRate: 0.1, hooks: hooks, groups: [])
        // Assert: g + (c − c_i) = c; Δc_i = −c + (x − y)/(Kη) = −[0.5, −1] + [1, −2] = [0.5, −1].
        #expect(close(g, [0.5, -1]))
        let delta = try #require(extras.controlVariateDelta)
        #expect(close(delta, [0.5, -1]))
        #expect(close(state.controlVariate, [0.5, -1]))
        // Next round c = [1, 1]: the correction is c − c_i = [0.5, 2].
        let next = try #require(state.gradientAdjustment(global: [0, 0], hooks: ClientHooks(controlVariate: [1, 1])))
        var g2: [Float] = [0, 0]
        next(&g2, [0, 0])
        #expect(close(g2, [0.5, 2]))
    }

    @Test func serverStepsTheModelAndTheControlVariateWithPlainMeans() throws {
        // Prepare: x = [0, 0]; y₁ = [1, 2], Δc₁ = [0.2, 0]; y₂ = [3, 0], Δc₂ = [0.4, 0.2] (unequal sizes,
        // which SCAFFOLD's plain means ignore); η_g = 0.5; N = 4 so |S|/N = ½.
        var s = try Scaffold(serverLearningRate: 0.5, population: 4)
        var r1 = result(0, [1, 2], samples: 10), r2 = result(1, [3, 0], samples: 30)
        r1.controlVariateDelta = [0.2, 0]
        r2.controlVariateDelta = [0.4, 0.2]
        // Execute
        let x = try #require(try s.aggregateFit(round: 1, global: [0, 0], results: [r1, r2], failures: []))
        // Assert: x = 0.5·[2, 1] = [1, 0.5]; c = ½·[0.3, 0.1]; the next round sends c.
        #expect(close(x, [1, 0.5]))
        #expect(close(s.controlVariate, [0.15, 0.05]))
        let sent = s.configureFit(round: 2, global: x, clients: [0, 1], plan: LocalPlan())
        #expect(sent.values.allSatisfy { close($0.hooks.controlVariate ?? [], [0.15, 0.05]) })
    }

    @Test func missingDeltasAndBadSettingsFail() throws {
        var s = try Scaffold()
        #expect(throws: FederationError.self) {
            _ = try s.aggregateFit(round: 1, global: [0], results: [result(0, [1])], failures: [])
        }
        #expect(throws: FederationError.self) { _ = try Scaffold(serverLearningRate: 0) }
        #expect(throws: FederationError.self) { _ = try Scaffold(population: -1) }
        #expect(throws: FederationError.self) {
            _ = try StrategyCatalog.make(name: "scaffold", options: ["clients": 2.5])
        }
    }

    @Test func controlVariateSurvivesACheckpoint() throws {
        // Prepare: one round that sets c = [0.3].
        var s = try Scaffold()
        var r = result(0, [1])
        r.controlVariateDelta = [0.3]
        _ = try s.aggregateFit(round: 1, global: [0], results: [r], failures: [])
        // Execute
        var restored = try Scaffold()
        try restored.restoreState(try s.checkpointState())
        // Assert
        #expect(close(restored.controlVariate, [0.3]))
    }

    @Test func removesTheClientDriftThatUnequalLocalWorkCausesInFedAvg() async throws {
        // Prepare: the drifting clients (targets 1, 2, 6; 1, 1 and 2 local steps of lr ½), under
        // which FedAvg settles at 4.2, 0.45 off the optimum 3.75 of its (sample-weighted) objective.
        // SCAFFOLD's objective is the plain mean of the client losses, minimised at 3.
        // Execute
        let scaffold = try await finalModelOnDriftingClients(try Scaffold(), rounds: 20)
        let fedAvg = try await finalModelOnDriftingClients(try FedAvg(), rounds: 20)
        // Assert
        #expect(abs(scaffold - 3) < 0.01)
        #expect(abs(fedAvg - 4.2) < 0.01)
    }
}
