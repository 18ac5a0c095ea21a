import Foundation
import Testing
@testable import Learning

@Suite struct BatchNormTests {
    /// BatchNorm over [2, 2, 3] (train mode, batch statistics) – flatten – dense 12→3, in Float64.
    static func referenceLoss(_ p: [Double], x: [Double], labels: [Int32]) -> Double {
        let y = Float64Reference.batchNorm(x, rows: labels.count * 4, c: 3, p, at: 0)
        return Float64Reference.denseCrossEntropy(y, p, at: 12, inputs: 12, classes: 3, labels: labels)
    }

    func network() throws -> SequentialNetwork {
        let bn = try BatchNorm(shape: [2, 2, 3])
        return try SequentialNetwork(
            layers: [bn, Flatten(shape: [2, 2, 3]), try Dense(inputs: 12, outputs: 3)], seed: 4)
    }

    /// Central differences (h = 1e-5) of γ, β and the dense weights; running statistics get zero
    /// gradient. Tolerance: |analytic − numeric| ≤ 1e-3 + 2e-2·|numeric|.
    @Test func gradientMatchesFiniteDifferences() throws {
        let net = try network()
        // Non-trivial γ, β so their gradients matter.
        for i in 0..<6 { net.parameters[i] = 0.5 + Float(i) * 0.2 }
        var rng = Xoshiro(seed: 2)
        let x = (0..<(4 * 12)).map { _ in rng.normal() * 2 + 1 }
        let labels: [Int32] = [0, 2, 1, 2]
        let start = net.parameters
        _ = net.lossAndGradient(x, labels: labels)
        let p = start.map(Double.init), xd = x.map(Double.init)
        var worst = 0.0
        for i in 0..<p.count where !(6..<12).contains(i) {
            var plus = p, minus = p
            plus[i] += 1e-5
            minus[i] -= 1e-5
            let numeric =
                (Self.referenceLoss(plus, x: xd, labels: labels) - Self.referenceLoss(minus, x: xd, labels: labels))
                / 2e-5
            worst = max(worst, abs(Double(net.gradient[i]) - numeric) - 2e-2 * abs(numeric))
        }
        #expect(worst <= 1e-3, "worst excess gradient error \(worst)")
        #expect(net.gradient[6..<12].allSatisfy { $0 == 0 })
        #expect(
            net.parameterGroups.map(\.name).prefix(4) == [
                "bn0.weight", "bn0.bias", "bn0.running_mean", "bn0.running_var",
            ])
        #expect(net.untrainedRanges == [6..<9, 9..<12])
    }

    /// Train mode normalises by the batch and moves the running statistics; eval mode uses them.
    @Test func trainAndEvalModesDiffer() throws {
        let bn = try BatchNorm(shape: [4])
        var params = [Float](repeating: 0, count: bn.parameterCount)
        var rng = Xoshiro(seed: 1)
        params.withUnsafeMutableBufferPointer { bn.initialize($0, rng: &rng) }
        let x = (0..<(64 * 4)).map { i in Float(i % 4) * 3 + 5 + rng.normal() }
        var y = [Float](repeating: 0, count: x.count)
        func forward(_ training: Bool) {
            x.withUnsafeBufferPointer { xb in
                params.withUnsafeBufferPointer { pb in
                    y.withUnsafeMutableBufferPointer { yb in
                        bn.forward(
                            xb, into: yb, count: 64, parameters: pb,
                            training: training)
                    }
                }
            }
        }
        forward(true)
        for ch in 0..<4 {
            let column = stride(from: ch, to: y.count, by: 4).map { Double(y[$0]) }
            let mean = column.reduce(0, +) / 64
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 64
            #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-2)
        }
        params.withUnsafeMutableBufferPointer { bn.updateRunningStatistics($0) }
        // running_mean moved 10% of the way from 0 to the batch mean (≈ 5 + 3·ch).
        for ch in 0..<4 {
            let target: Float = 0.1 * (5 + 3 * Float(ch))
            #expect(abs(params[8 + ch] - target) < 0.05)
        }
        forward(false)
        var worst: Float = 0
        for i in 0..<x.count {
            let ch = i % 4
            let expected: Float = (x[i] - params[8 + ch]) / (params[12 + ch] + 1e-5).squareRoot()
            worst = max(worst, abs(y[i] - expected))
        }
        #expect(worst < 1e-4)
    }

    /// Weight decay must not shrink the running statistics.
    @Test func trainingKeepsRunningStatisticsOutOfTheOptimizer() throws {
        let net = try network()
        let features: [Float] = (0..<(8 * 12)).map { Float($0 % 5) }
        let labels: [Int32] = (0..<8).map { Int32($0 % 3) }
        let data = try Dataset(
            name: "tiny", features: features, labels: labels,
            featureCount: 12, classCount: 3, labelNames: ["a", "b", "c"], sampleShape: [2, 2, 3])
        let training = try SupervisedTraining(model: net, dataset: data)
        var sgd = try SGD(learningRate: 0.1, weightDecay: 0.5)
        _ = training.train(indices: Array(0..<8), epochs: 1, batchSize: 8, optimizer: &sgd, seed: 1)
        // One batch: running_mean = 0.1 · batch mean exactly, not decayed.
        let x = data.features
        for ch in 0..<3 {
            var sum: Float = 0
            for i in stride(from: ch, to: x.count, by: 3) { sum += x[i] }
            let mean = sum / 32
            #expect(abs(net.parameters[6 + ch] - 0.1 * mean) < 1e-5)
        }
    }
}
