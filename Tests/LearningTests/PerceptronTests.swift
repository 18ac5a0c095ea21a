import Foundation
import Testing
@testable import Learning

/// logreg and the 2NN: ``ModelZoo/perceptron(layerSizes:seed:)``, Dense and ReLU layers in a ``SequentialNetwork``.
@Suite struct PerceptronTests {
    /// The loss of a fully connected network with ReLU hidden layers, computed in Float64 from the flat parameter
    /// layout.
    static func referenceLoss(_ p: [Double], sizes: [Int], x: [Double], y: [Int32]) -> Double {
        let batch = y.count
        var a = x
        var offset = 0
        for l in 0..<(sizes.count - 1) {
            let (n, m) = (sizes[l], sizes[l + 1])
            var z = [Double](repeating: 0, count: batch * m)
            for r in 0..<batch {
                for j in 0..<m {
                    var s = p[offset + n * m + j]
                    for i in 0..<n { s += a[r * n + i] * p[offset + i * m + j] }
                    z[r * m + j] = l < sizes.count - 2 ? max(0, s) : s
                }
            }
            offset += n * m + m
            a = z
        }
        let classes = sizes[sizes.count - 1]
        var loss = 0.0
        for r in 0..<batch {
            let row = a[(r * classes)..<((r + 1) * classes)]
            let top = row.max() ?? 0
            loss += log(row.reduce(0) { $0 + exp($1 - top) }) + top - a[r * classes + Int(y[r])]
        }
        return loss / Double(batch)
    }

    /// Central finite differences of a Float64 reference loss against the analytic (Float32) gradient.
    /// Tolerance: relative 1e-2, absolute 1e-4 (Float32 accumulation in the model).
    @Test func gradientMatchesFiniteDifferences() throws {
        let sizes = [5, 4, 3]
        let model = try ModelZoo.perceptron(layerSizes: sizes, seed: 3)
        var rng = Xoshiro(seed: 9)
        let x = (0..<(4 * 5)).map { _ in rng.normal() }
        let y: [Int32] = [0, 2, 1, 2]
        _ = x.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { model.lossAndGradient(xb.baseAddress!, labels: $0.baseAddress!, count: 4) }
        }
        let analytic = model.gradient
        let x64 = x.map(Double.init)
        var p = model.parameters.map(Double.init)
        let h = 1e-5
        for i in p.indices {
            let saved = p[i]
            p[i] = saved + h
            let up = Self.referenceLoss(p, sizes: sizes, x: x64, y: y)
            p[i] = saved - h
            let down = Self.referenceLoss(p, sizes: sizes, x: x64, y: y)
            p[i] = saved
            let numeric = (up - down) / (2 * h)
            let difference = abs(numeric - Double(analytic[i]))
            #expect(
                difference <= 1e-4 + 1e-2 * abs(numeric), "parameter \(i): numeric \(numeric), analytic \(analytic[i])")
        }
    }

    @Test func shapesGroupsAndFLOPs() throws {
        let model = try ModelZoo.perceptron(layerSizes: [784, 200, 200, 10], seed: 1)
        #expect(model.parameterCount == 199_210)
        #expect(
            model.parameterGroups.map(\.name) == [
                "dense0.weight", "dense0.bias", "dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias",
            ])
        #expect(model.parameterGroups.last?.range == 199_200..<199_210)
        let multiplyAdds: Double = 784 * 200 + 200 * 200 + 200 * 10
        #expect(model.forwardFLOPsPerSample == 2 * multiplyAdds)
        #expect(throws: LearningError.self) { try ModelZoo.perceptron(layerSizes: [3], seed: 1) }
    }

    /// The layout and initial weights reports and checkpoints of logreg and the 2NN were made with
    /// (before they became layer chains): per layer He-normal weights (in × out, row-major, one
    /// `Xoshiro` stream across layers) then zero biases, in one flat vector.
    @Test(arguments: [[784, 10], [784, 200, 200, 10]])
    func layoutAndInitialWeightsAreTheFlatPerLayerOnes(layers: [Int]) throws {
        let model = try ModelZoo.perceptron(layerSizes: layers, seed: 7)
        var rng = Xoshiro(seed: 7)
        var expected: [Float] = []
        for (inputs, outputs) in zip(layers, layers.dropFirst()) {
            let std = (2 / Float(inputs)).squareRoot()
            expected += (0..<(inputs * outputs)).map { _ in std * rng.normal() } + [Float](repeating: 0, count: outputs)
        }
        #expect(model.parameters == expected)
        #expect(
            try ModelZoo.perceptron(layerSizes: layers, seed: nil).parameters
                == [Float](repeating: 0, count: expected.count))
        #expect(model.fusesPlainSGD)
        #expect(model.untrainedRanges.isEmpty)
    }

    /// The cnn's convolutions have no fused step, so it keeps gradient-then-step (and its results).
    @Test func onlyNetworksWhoseParametrisedLayersAllFuseTakeTheFusedStep() throws {
        let cnn = try ModelZoo.make("cnn", sampleShape: [1, 28, 28], classes: 10, width: 0.25, seed: 1)
        #expect((cnn as? SequentialNetwork)?.fusesPlainSGD == false)
        let flattened = try SequentialNetwork(
            layers: [Flatten(shape: [2, 2, 1]), try Dense(inputs: 4, outputs: 3)], seed: 1)
        #expect(flattened.fusesPlainSGD)
    }

    /// Behaviour, not timing: one central epoch of the FedAvg paper's 2NN on Fashion-MNIST reaches 80%.
    @Test func twoNNReaches80PercentAfterOneEpoch() throws {
        let data = try FashionMNIST.load()
        let model = try ModelZoo.perceptron(layerSizes: [784, 200, 200, 10], seed: 42)
        let training = try SupervisedTraining(model: model, dataset: data.train)
        var sgd = try SGD(learningRate: 0.05)
        let outcome = training.train(
            indices: Array(0..<data.train.count), epochs: 1, batchSize: 32, optimizer: &sgd, seed: 1)
        #expect(outcome.samples == 60_000)
        #expect(outcome.steps == 1875)
        let result = training.evaluate(on: data.test)
        #expect(result.accuracy >= 0.80, "test accuracy \(result.accuracy)")
    }

    /// The fused plain-SGD step trains the same model as gradient-then-step: logistic regression and
    /// the 2NN, 2,000 real samples (a short last batch included), parameters equal within 1e-4 after
    /// 63 steps; with momentum the fused path is not taken, so results match bit for bit.
    @Test(arguments: [[784, 10], [784, 200, 200, 10]])
    func fusedPlainSGDEqualsGradientThenStep(layers: [Int]) throws {
        let data = try FashionMNIST.load()
        func train(fused: Bool, momentum: Float) throws -> (parameters: [Float], loss: Double) {
            let model = try ModelZoo.perceptron(layerSizes: layers, seed: 4)
            let training = try SupervisedTraining(model: model, dataset: data.train)
            training.fusesPlainSGD = fused
            var sgd = try SGD(learningRate: 0.05, momentum: momentum)
            let outcome = training.train(indices: Array(0..<2_000), epochs: 1, batchSize: 32, optimizer: &sgd, seed: 2)
            #expect(outcome.steps == 63)
            return (model.parameters, outcome.meanLoss)
        }
        let (fused, reference) = (try train(fused: true, momentum: 0), try train(fused: false, momentum: 0))
        let worst = zip(fused.parameters, reference.parameters).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "largest parameter difference \(worst)")
        #expect(abs(fused.loss - reference.loss) < 1e-4 * reference.loss)
        #expect(
            fused.parameters != (try ModelZoo.perceptron(layerSizes: layers, seed: 4)).parameters,
            "training moved the model")
        #expect(try train(fused: true, momentum: 0.9).parameters == (try train(fused: false, momentum: 0.9)).parameters)
    }
}
