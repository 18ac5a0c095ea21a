import Federation
import Learning
import Testing

/// FedProx's proximal term in a client's local training (issue 27: bench tasks Q5/Q6 gave FedProx
/// FedAvg's accuracy to four digits).
@Suite struct FedProxLocalUpdateTests {
    /// A logreg client on 64 real Fashion-MNIST images.
    static func trainer(limit: Int = 64) throws -> any LocalTrainer {
        var setup = ClientSetup(
            dataset: "fashion-mnist", partition: "iid", model: "logreg", seed: 3, totalClients: 4, clients: [:])
        setup.sampleLimit = limit
        return try LearningTrainerFactory().makeTrainer(setup, clientID: 0)
    }

    static func initial() throws -> [Float] {
        var setup = ClientSetup(
            dataset: "fashion-mnist", partition: "iid", model: "logreg", seed: 3, totalClients: 4, clients: [:])
        setup.evaluationLimit = 10
        return try LearningTrainerFactory().makeEvaluator(setup).initialParameters
    }

    /// μ = 0 trains exactly as FedAvg (bit for bit); μ > 0 gives other weights from the same seed,
    /// closer to the global model the larger μ is.
    @Test func muZeroIsFedAvgAndPositiveMuPullsTowardsTheGlobalModel() throws {
        let global = try Self.initial()
        let plan = LocalPlan(epochs: 3, batchSize: 16, learningRate: 0.05, seed: 9)
        func fit(_ hooks: ClientHooks) throws -> [Float] {
            try Self.trainer().fit(from: global, plan: plan, hooks: hooks).parameters
        }
        let fedAvg = try fit(ClientHooks())
        let zero = try fit(ClientHooks(proximalMu: 0))
        let small = try fit(ClientHooks(proximalMu: 0.1))
        let large = try fit(ClientHooks(proximalMu: 1))
        #expect(zero.map(\.bitPattern) == fedAvg.map(\.bitPattern))
        #expect(small != fedAvg)
        func drift(_ w: [Float]) -> Double { zip(w, global).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } }
        #expect(
            drift(large) < drift(small) && drift(small) < drift(fedAvg),
            "\(drift(large)) \(drift(small)) \(drift(fedAvg))")
    }

    /// Two full-batch steps: the second is w₁ − η·(∇L(w₁) + μ·(w₁ − w_global)), computed here from the
    /// model's own gradient (the first step starts at w_global, where the term is 0).
    @Test func localStepIsGradientPlusMuTimesDistanceFromGlobal() throws {
        let data = try FashionMNIST.load()
        let indices = Array(0..<32)
        func model() throws -> any TrainableModel {
            try ModelZoo.make("logreg", sampleShape: data.train.sampleShape, classes: 10, seed: 7)
        }
        let global = try model().parameters
        let (eta, mu): (Float, Float) = (0.05, 0.5)
        let trainer = try ModelTrainer(
            model: try model(), dataset: data.train, trainIndices: indices, evaluation: .heldOut(indices))
        let fit = try trainer.fit(
            from: global, plan: LocalPlan(epochs: 2, batchSize: 32, learningRate: eta, seed: 1),
            hooks: ClientHooks(proximalMu: mu))
        #expect(fit.steps == 2)
        // The reference, by hand on a model of its own: the full batch's gradient at w_global, then at w₁.
        let reference = try model()
        var features = [Float](repeating: 0, count: 32 * reference.inputCount)
        features.withUnsafeMutableBufferPointer { data.train.copyFeatures(of: indices, to: $0.baseAddress!) }
        let labels = Array(data.train.labels[0..<32])
        func gradient(at w: [Float]) -> [Float] {
            reference.parameters = w
            features.withUnsafeBufferPointer { x in
                labels.withUnsafeBufferPointer { y in
                    _ = reference.lossAndGradient(x.baseAddress!, labels: y.baseAddress!, count: 32)
                }
            }
            return reference.gradient
        }
        let g0 = gradient(at: global)
        let w1 = zip(global, g0).map { $0 - eta * $1 }
        let g1 = gradient(at: w1)
        let w2 = (0..<w1.count).map { i in w1[i] - eta * (g1[i] + mu * (w1[i] - global[i])) }
        let worst = zip(fit.parameters, w2).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-5, "largest difference \(worst)")
        // Without the term the second step would differ by η·μ·(w₁ − w_global): far above that tolerance.
        let termSize = (0..<w1.count).map { abs(eta * mu * (w1[$0] - global[$0])) }.max() ?? 0
        #expect(termSize > 1e-4, "term \(termSize)")
    }
}
