import Testing
@testable import Learning

@Suite struct MLPTests {
    /// Central finite differences of the loss, in Float64 arithmetic on the Float parameters, against
    /// the analytic gradient. Tolerance: relative 2e-2 (Float32 forward passes limit the reference).
    @Test func gradientMatchesFiniteDifferences() throws {
        let model = try MLP(layerSizes: [5, 4, 3], seed: 3)
        var rng = Xoshiro(seed: 9)
        let x = (0..<(4 * 5)).map { _ in rng.normal() }
        let y: [Int32] = [0, 2, 1, 2]
        _ = x.withUnsafeBufferPointer { xb in y.withUnsafeBufferPointer { model.lossAndGradient(xb.baseAddress!, labels: $0.baseAddress!, count: 4) } }
        let analytic = model.gradient
        func loss() -> Double {
            x.withUnsafeBufferPointer { xb in y.withUnsafeBufferPointer { yb in
                let r = model.evaluate(xb.baseAddress!, labels: yb.baseAddress!, count: 4)
                return r.lossSum / 4
            } }
        }
        let h: Float = 1e-2
        var worst = 0.0
        for i in 0..<model.parameterCount {
            let saved = model.parameters[i]
            model.parameters[i] = saved + h
            let up = loss()
            model.parameters[i] = saved - h
            let down = loss()
            model.parameters[i] = saved
            let numeric = (up - down) / (2 * Double(h))
            let error = abs(numeric - Double(analytic[i])) / max(1e-3, abs(numeric) + abs(Double(analytic[i])))
            worst = max(worst, error)
        }
        #expect(worst < 2e-2)
    }

    @Test func shapesGroupsAndFLOPs() throws {
        let model = try MLP(layerSizes: [784, 200, 200, 10], seed: 1)
        #expect(model.parameterCount == 199_210)
        #expect(model.parameterGroups.map(\.name) == ["dense0.weight", "dense0.bias", "dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias"])
        #expect(model.parameterGroups.last?.range == 199_200..<199_210)
        let multiplyAdds: Double = 784 * 200 + 200 * 200 + 200 * 10
        #expect(model.forwardFLOPsPerSample == 2 * multiplyAdds)
        #expect(throws: LearningError.self) { try MLP(layerSizes: [3], seed: 1) }
    }

    /// Behaviour, not timing: one central epoch of the FedAvg paper's 2NN on Fashion-MNIST reaches 80%.
    @Test func twoNNReaches80PercentAfterOneEpoch() throws {
        let data = try FashionMNIST.load()
        let model = try MLP(layerSizes: [784, 200, 200, 10], seed: 42)
        let training = try SupervisedTraining(model: model, dataset: data.train)
        var sgd = try SGD(learningRate: 0.05)
        let outcome = training.train(indices: Array(0..<data.train.count), epochs: 1, batchSize: 32, optimizer: &sgd, seed: 1)
        #expect(outcome.samples == 60_000)
        #expect(outcome.steps == 1875)
        let result = training.evaluate(on: data.test)
        #expect(result.accuracy >= 0.80, "test accuracy \(result.accuracy)")
    }
}
