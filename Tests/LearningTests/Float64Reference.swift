import Foundation

/// Float64 building blocks of the reference losses the gradient checks differentiate.
enum Float64Reference {
    /// Train-mode batch norm over the last dimension of `rows` × `c` values: batch mean and biased
    /// variance, ε = 1e-5; γ at `p[at...]`, β at `p[at + c...]`.
    static func batchNorm(_ x: [Double], rows: Int, c: Int, _ p: [Double], at: Int) -> [Double] {
        var y = x
        for ch in 0..<c {
            var mean = 0.0, variance = 0.0
            for r in 0..<rows { mean += x[r * c + ch] }
            mean /= Double(rows)
            for r in 0..<rows { variance += (x[r * c + ch] - mean) * (x[r * c + ch] - mean) }
            variance /= Double(rows)
            for r in 0..<rows {
                y[r * c + ch] = p[at + ch] * (x[r * c + ch] - mean) / (variance + 1e-5).squareRoot() + p[at + c + ch]
            }
        }
        return y
    }

    /// Mean softmax cross-entropy of a dense layer (weights inputs × classes at `p[at...]`, then the
    /// biases) over `labels.count` rows of `features`.
    static func denseCrossEntropy(
        _ features: [Double], _ p: [Double], at: Int, inputs: Int, classes: Int, labels: [Int32]
    ) -> Double {
        var loss = 0.0
        for s in labels.indices {
            var logits = (0..<classes).map { p[at + inputs * classes + $0] }
            for j in 0..<classes {
                for i in 0..<inputs { logits[j] += features[s * inputs + i] * p[at + i * classes + j] }
            }
            let top = logits.max() ?? 0
            loss += log(logits.reduce(0) { $0 + exp($1 - top) }) + top - logits[Int(labels[s])]
        }
        return loss / Double(labels.count)
    }
}
