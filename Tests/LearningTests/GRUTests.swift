import Foundation
import Testing
@testable import Learning

@Suite struct GRUTests {
    /// The GRU in Float64: `n` sequences [t, f] → last hidden state [h]; parameters W (f × 3h),
    /// U (h × 3h), b_ih (3h), b_hh (3h), gate columns r | z | n.
    static func referenceGRU(_ x: [Double], _ p: [Double], n: Int, t steps: Int, f: Int, h: Int) -> [Double] {
        let g = 3 * h, u = f * g, bi = u + h * g, bh = bi + g
        func sigmoid(_ a: Double) -> Double { 1 / (1 + exp(-a)) }
        var out: [Double] = []
        for s in 0..<n {
            var state = [Double](repeating: 0, count: h)
            for t in 0..<steps {
                var a = (0..<g).map { p[bi + $0] }, b = (0..<g).map { p[bh + $0] }
                for k in 0..<g {
                    for i in 0..<f { a[k] += x[(s * steps + t) * f + i] * p[i * g + k] }
                    for i in 0..<h { b[k] += state[i] * p[u + i * g + k] }
                }
                state = (0..<h).map { j in
                    let r = sigmoid(a[j] + b[j]), z = sigmoid(a[h + j] + b[h + j])
                    let candidate = tanh(a[2 * h + j] + r * b[2 * h + j])
                    return (1 - z) * candidate + z * state[j]
                }
            }
            out += state
        }
        return out
    }

    /// Batch 2, 3 steps, 2 features, 3 hidden units, for L = Σ probe·h_T: every parameter and every
    /// input against central differences of the Float64 GRU (back-propagation through time).
    /// Tolerance: |analytic − numeric| ≤ 1e-3 + 2e-2·|numeric|.
    @Test func gradientsThroughTimeMatchFiniteDifferences() throws {
        let gru = try GRU(input: [3, 2], hidden: 3)
        #expect(gru.parameterCount == 2 * 9 + 3 * 9 + 9 + 9)
        var rng = Xoshiro(seed: 21)
        // Larger than the default init so the gates are away from their linear regime.
        let parameters = (0..<gru.parameterCount).map { _ in 0.8 * rng.normal() }
        let x = (0..<(2 * 3 * 2)).map { _ in rng.normal() }
        let probe = (0..<(2 * 3)).map { _ in rng.normal() }
        let (y, gradient, dx) = GradientCheck.probe(gru, x: x, parameters: parameters, count: 2, probe: probe)
        let p = parameters.map(Double.init), xd = x.map(Double.init), c = probe.map(Double.init)
        func loss(_ p: [Double], _ x: [Double]) -> Double {
            zip(Self.referenceGRU(x, p, n: 2, t: 3, f: 2, h: 3), c).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let reference = Self.referenceGRU(xd, p, n: 2, t: 3, f: 2, h: 3)
        #expect(zip(y, reference).allSatisfy { abs(Double($0) - $1) < 1e-5 })
        let worstParameter = GradientCheck.worstExcess(at: p, analytic: gradient) { loss($0, xd) }
        let worstInput = GradientCheck.worstExcess(at: xd, analytic: dx) { loss(p, $0) }
        #expect(worstParameter <= 1e-3, "worst excess parameter gradient error \(worstParameter)")
        #expect(worstInput <= 1e-3, "worst excess input gradient error \(worstInput)")
    }

    /// GRU(64) – fc6 on synthetic-sensors [32, 3]: 3·192 + 64·192 + 2·192 + 64·6 + 6 parameters;
    /// forward 32·2·192·(3 + 64) + 2·64·6 FLOPs.
    @Test func classifierCardAndGroups() throws {
        let card = try ModelZoo.card("gru", sampleShape: [32, 3], classes: 6)
        #expect(card.parameterCount == 3 * 192 + 64 * 192 + 2 * 192 + 64 * 6 + 6)
        #expect(card.forwardFLOPsPerSample == Double(32 * 2 * 192 * (3 + 64) + 2 * 64 * 6))
        let model = try ModelZoo.make("gru", sampleShape: [32, 3], classes: 6, seed: 1)
        #expect(
            model.parameterGroups.map(\.name) == [
                "gru0.weight_ih", "gru0.weight_hh", "gru0.bias_ih", "gru0.bias_hh", "dense0.weight", "dense0.bias",
            ])
        #expect(throws: LearningError.self) {
            try ModelZoo.make("gru", sampleShape: [1, 28, 28], classes: 10, seed: 1)
        }
        #expect(throws: LearningError.self) { try ModelZoo.make("resnet8", sampleShape: [32, 3], classes: 6, seed: 1) }
        #expect(throws: LearningError.self) { try GRU(input: [4], hidden: 3) }
    }

    /// Behaviour: a few epochs on 10 users of synthetic-sensors lift held-out accuracy well above
    /// chance (1/6 for 6 activities).
    @Test func classifierLearnsSyntheticSensors() throws {
        let data = try SyntheticSensors.generate(users: 10, seed: 3)
        let model = try ModelZoo.make(
            "gru", sampleShape: data.train.sampleShape, classes: data.train.classCount, seed: 2)
        let training = try SupervisedTraining(model: model, dataset: data.train)
        let before = training.evaluate(on: data.test).accuracy
        var sgd = try SGD(learningRate: 0.1, momentum: 0.9)
        let outcome = training.train(
            indices: Array(0..<data.train.count), epochs: 8, batchSize: 16, optimizer: &sgd, seed: 4)
        let after = training.evaluate(on: data.test)
        #expect(outcome.meanLoss.isFinite)
        #expect(after.accuracy >= 0.6, "test accuracy \(before) → \(after.accuracy)")
    }
}
