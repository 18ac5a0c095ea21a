import Foundation
import Testing
@testable import Learning

/// Finite-difference gradient checks against a float64 reference of the same model
/// (Dense → ReLU → Dense → softmax-CE). Tolerance: |analytic − numeric| ≤ 1e-3 · max(1, |numeric|).
@Suite struct GradientCheckTests {
    /// Mean softmax-CE loss of the model with parameters `p`, computed in Double.
    func referenceLoss(_ model: Model, _ p: [Double], x: [Double], y: [Int32], batch: Int) -> Double {
        var act = x
        var offset = 0
        var features = model.inputFeatures
        for l in model.layers {
            if let d = l as? Dense {
                var out = [Double](repeating: 0, count: batch * d.outputFeatures)
                for r in 0..<batch {
                    for o in 0..<d.outputFeatures {
                        var s = p[offset + d.inputFeatures * d.outputFeatures + o]
                        for i in 0..<d.inputFeatures { s += p[offset + o * d.inputFeatures + i] * act[r * features + i] }
                        out[r * d.outputFeatures + o] = s
                    }
                }
                act = out
                features = d.outputFeatures
            } else if l is ReLU {
                act = act.map { max(0, $0) }
            }
            offset += l.parameterCount
        }
        var loss = 0.0
        for r in 0..<batch {
            let z = act[(r * features)..<((r + 1) * features)]
            let m = z.max() ?? 0
            let lse = log(z.map { exp($0 - m) }.reduce(0, +)) + m
            loss += lse - z[r * features + Int(y[r])]
        }
        return loss / Double(batch)
    }

    @Test func denseReLUSoftmax() throws {
        let model = Model(name: "tiny", layers: [
            Dense("fc1", inputs: 5, outputs: 4), ReLU("relu", features: 4), Dense("fc2", inputs: 4, outputs: 3),
        ], seed: 3)
        var rng = SeededRandom(seed: 4)
        let batch = 3
        let x = (0..<(batch * 5)).map { _ in Float(rng.normal()) }
        let y: [Int32] = [0, 2, 1]
        let data = Dataset(name: "t", featureCount: 5, classCount: 3, labelNames: ["a", "b", "c"], features: x, labels: y)
        var sgd = SGD(learningRate: 0)
        var captured: [Float] = []
        _ = try model.trainEpoch(on: data, indices: [0, 1, 2], optimizer: &sgd, batchSize: 3, seed: 0) { _, g in
            captured = Array(g)
        }
        let p = model.flatParameters().map(Double.init)
        let xd = x.map(Double.init)
        // Training shuffles the batch; the mean loss and its gradient are order-independent.
        for k in 0..<p.count {
            var plus = p, minus = p
            plus[k] += 1e-6
            minus[k] -= 1e-6
            let numeric = (referenceLoss(model, plus, x: xd, y: y, batch: batch) - referenceLoss(model, minus, x: xd, y: y, batch: batch)) / 2e-6
            #expect(abs(Double(captured[k]) - numeric) <= 1e-3 * max(1, abs(numeric)), "parameter \(k)")
        }
    }
}
