import Federation
import Foundation
import Testing

/// A result of client `id` with `parameters`, `samples` samples, `steps` local steps and `loss`.
func result(_ id: Int, _ parameters: [Float], samples: Int = 10, steps: Int = 1, loss: Double = 1) -> FitResult {
    FitResult(
        clientID: id, parameters: parameters, sampleCount: samples, trainLoss: loss, localSteps: steps, flops: 0,
        computeSeconds: 0)
}

func close(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

/// Server optimizers (FedAvgM, FedAdagrad, FedAdam, FedYogi), FedNova and q-FedAvg against hand-computed steps.
@Suite struct ServerStrategyTests {
    @Test func fedAvgMAccumulatesMomentumOverRounds() throws {
        // Prepare: global 0, one client at 1 each round: Δ = 1. β = 0.5, η = 1.
        var s = try FedAvgM(serverLearningRate: 1, momentum: 0.5)
        // Execute: round 1 v = 1 → w = 1; round 2 from w = 1 with the client at 2: Δ = 1, v = 1.5 → w = 2.5.
        let w1 = try #require(try s.aggregateFit(round: 1, global: [0], results: [result(0, [1])], failures: []))
        let w2 = try #require(try s.aggregateFit(round: 2, global: w1, results: [result(0, [2])], failures: []))
        // Assert
        #expect(close(w1, [1]))
        #expect(close(w2, [2.5]))
    }

    @Test func fedAvgMWithoutMomentumIsFedAvg() throws {
        var m = try FedAvgM(serverLearningRate: 1, momentum: 0)
        var avg = try FedAvg()
        let results = [result(0, [1, 4], samples: 10), result(1, [3, 0], samples: 30)]
        let a = try #require(try m.aggregateFit(round: 1, global: [0, 0], results: results, failures: []))
        let b = try #require(try avg.aggregateFit(round: 1, global: [0, 0], results: results, failures: []))
        #expect(close(a, b))
        #expect(close(a, [2.5, 1]))
    }

    @Test func fedAdamFirstStepByHand() throws {
        // Δ = 0.5: m = 0.1·0.5 = 0.05; v = 0.01·0.25 = 0.0025; w = 0 + 0.1·0.05 / (0.05 + 0.01) = 0.083333.
        var s = try FedAdam(serverLearningRate: 0.1, beta1: 0.9, beta2: 0.99, tau: 0.01)
        let w = try #require(try s.aggregateFit(round: 1, global: [0], results: [result(0, [0.5])], failures: []))
        #expect(close(w, [0.083333]))
    }

    @Test func fedAdagradAndYogiFirstStepsByHand() throws {
        // Adagrad: v = τ² + Δ² = 1e-4 + 0.25; m = 0.1·0.5 (β1 0.9) → w = 0.1·0.05 / (√0.2501 + 0.01).
        var adagrad = try FedAdagrad(serverLearningRate: 0.1, beta1: 0.9, tau: 0.01)
        let a = try #require(try adagrad.aggregateFit(round: 1, global: [0], results: [result(0, [0.5])], failures: []))
        #expect(close(a, [Float(0.005 / (0.2501.squareRoot() + 0.01))]))
        // Yogi: v = τ² − (1 − β2)·Δ²·sign(τ² − Δ²) = 1e-4 + 0.01·0.25 = 0.0026 → w = 0.005 / (√0.0026 + 0.01).
        var yogi = try FedYogi(serverLearningRate: 0.1, beta1: 0.9, beta2: 0.99, tau: 0.01)
        let y = try #require(try yogi.aggregateFit(round: 1, global: [0], results: [result(0, [0.5])], failures: []))
        #expect(close(y, [Float(0.005 / (0.0026.squareRoot() + 0.01))]))
    }

    @Test func adaptiveStateSurvivesACheckpoint() throws {
        // Prepare: one round of FedAdam, checkpoint, restore into a fresh value.
        var s = try FedAdam(serverLearningRate: 0.1, beta1: 0.9)
        let w1 = try #require(try s.aggregateFit(round: 1, global: [0], results: [result(0, [0.5])], failures: []))
        var restored = try FedAdam(serverLearningRate: 0.1, beta1: 0.9)
        try restored.restoreState(try s.checkpointState())
        // Execute: the same second round on both.
        let a = try s.aggregateFit(round: 2, global: w1, results: [result(0, [0.7])], failures: [])
        let b = try restored.aggregateFit(round: 2, global: w1, results: [result(0, [0.7])], failures: [])
        // Assert: identical, and different from a fresh optimizer's (the moments mattered).
        var fresh = try FedAdam(serverLearningRate: 0.1, beta1: 0.9)
        let c = try fresh.aggregateFit(round: 2, global: w1, results: [result(0, [0.7])], failures: [])
        #expect(a == b)
        #expect(a != c)
    }

    @Test func fedNovaNormalizesByLocalSteps() throws {
        // Client 0: 1 step to 1; client 1: 4 steps to 4 (equal samples). Per-step directions 1 and 1;
        // τ_eff = 2.5 → w = 2.5. FedAvg would give 2.5 as well here; with client 1 at 2 after 4 steps:
        // directions 1 and 0.5 → 0.75·2.5 = 1.875, while FedAvg gives 1.5.
        var nova = FedNova()
        let w = try #require(
            try nova.aggregateFit(
                round: 1, global: [0], results: [result(0, [1], steps: 1), result(1, [2], steps: 4)], failures: []))
        #expect(close(w, [1.875]))
    }

    @Test func qFedAvgByHandAndFavouringTheWorseClient() throws {
        // q = 1, L = 1, global 0. Client 0: w=1, F=1 → Δw = −1, Δ = −1, h = 1·1·1 + 1 = 2.
        // Client 1: w=3, F=2 → Δw = −3, Δ = −6, h = 1·1·9 + 2 = 11. w = 0 − (−7)/13 = 7/13.
        var q = try QFedAvg(q: 1, lipschitz: 1)
        let w = try #require(
            try q.aggregateFit(
                round: 1, global: [0], results: [result(0, [1], loss: 1), result(1, [3], loss: 2)], failures: []))
        #expect(close(w, [7.0 / 13.0]))
        // Behaviour: with q = 0 two opposite clients cancel out; with q = 5 the higher-loss one wins
        // (by hand: (32 − 1/32) / (112 + 11/32) = 0.2846).
        var fair = try QFedAvg(q: 5, lipschitz: 1)
        var flat = try QFedAvg(q: 0, lipschitz: 1)
        let results = [result(0, [-1], loss: 0.5), result(1, [1], loss: 2)]
        let wFair = try #require(try fair.aggregateFit(round: 1, global: [0], results: results, failures: []))
        let wFlat = try #require(try flat.aggregateFit(round: 1, global: [0], results: results, failures: []))
        #expect(abs(wFlat[0]) < 1e-6)
        #expect(abs(wFair[0] - 0.28456) < 1e-4)
    }

    @Test func badSettingsFailAtConstruction() {
        #expect(throws: FederationError.self) { _ = try FedAdam(serverLearningRate: 0, beta1: 0.9) }
        #expect(throws: FederationError.self) { _ = try FedAdam(serverLearningRate: 0.1, beta1: 1) }
        #expect(throws: FederationError.self) { _ = try FedYogi(serverLearningRate: 0.1, beta1: 0.9, tau: 0) }
        #expect(throws: FederationError.self) { _ = try QFedAvg(q: -1, lipschitz: 1) }
        #expect(throws: FederationError.self) { _ = try QFedAvg(q: 1, lipschitz: 0) }
    }

    @Test func wrongLengthOrNonFiniteUpdatesAreRefused() throws {
        var s = try FedAdam(serverLearningRate: 0.1, beta1: 0.9)
        #expect(throws: FederationError.self) {
            _ = try s.aggregateFit(round: 1, global: [0, 0], results: [result(0, [1])], failures: [])
        }
        #expect(throws: FederationError.self) {
            _ = try s.aggregateFit(round: 1, global: [0], results: [result(0, [.nan])], failures: [])
        }
    }
}
