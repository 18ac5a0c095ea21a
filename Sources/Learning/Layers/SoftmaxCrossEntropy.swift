import Foundation

/// Softmax followed by cross-entropy against integer labels, fused for numerical stability
/// (logits are shifted by their row maximum before exponentiation).
public enum SoftmaxCrossEntropy {
    /// Returns the summed loss over the batch and the number of correct argmax predictions, and,
    /// if `gradient` is non-nil, writes dL/dlogits for the *mean* loss (softmax − onehot) / batch.
    public static func evaluate(
        logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, batch: Int, classes: Int,
        gradient: UnsafeMutablePointer<Float>?
    ) -> (lossSum: Double, correct: Int) {
        var loss = 0.0
        var correct = 0
        let scale = 1 / Float(batch)
        for r in 0..<batch {
            let z = logits + r * classes
            var m = z[0], arg = 0
            for c in 1..<classes where z[c] > m {
                m = z[c]
                arg = c
            }
            var sum: Float = 0
            for c in 0..<classes { sum += expf(z[c] - m) }
            let y = Int(labels[r])
            if arg == y { correct += 1 }
            loss += Double(logf(sum) - (z[y] - m))
            if let g = gradient {
                let row = g + r * classes
                let inv = 1 / sum
                for c in 0..<classes { row[c] = expf(z[c] - m) * inv * scale }
                row[y] -= scale
            }
        }
        return (loss, correct)
    }
}
