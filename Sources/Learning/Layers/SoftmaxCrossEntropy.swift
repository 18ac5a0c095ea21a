import Foundation

/// Softmax followed by cross-entropy, fused: the gradient with respect to the logits is
/// (softmax − one-hot) / count, computed in one pass without materialising probabilities twice.
enum SoftmaxCrossEntropy {
    /// Summed loss of `count` rows of `logits` (count × classes) and, into `delta`, the gradient of the
    /// *mean* loss.
    static func lossAndDelta(
        _ logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, classes: Int,
        delta d: UnsafeMutablePointer<Float>
    ) -> Double {
        var loss = 0.0
        for r in 0..<count {
            let row = r * classes
            var maxLogit = -Float.infinity
            for c in 0..<classes { maxLogit = max(maxLogit, logits[row + c]) }
            var sum: Float = 0
            for c in 0..<classes {
                let e = expf(logits[row + c] - maxLogit)
                d[row + c] = e
                sum += e
            }
            let y = Int(labels[r])
            loss -= Double(logf(max(d[row + y] / sum, 1e-30)))
            let inv = 1 / (sum * Float(count))
            for c in 0..<classes { d[row + c] *= inv }
            d[row + y] -= 1 / Float(count)
        }
        return loss
    }

    /// Correct arg-max predictions and summed cross-entropy of `count` rows.
    static func evaluate(_ logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, classes: Int) -> (
        correct: Int, lossSum: Double
    ) {
        var correct = 0, lossSum = 0.0
        for r in 0..<count {
            let row = r * classes
            var best = 0, maxLogit = -Float.infinity
            for c in 0..<classes where logits[row + c] > maxLogit { maxLogit = logits[row + c]; best = c }
            var sum: Float = 0
            for c in 0..<classes { sum += expf(logits[row + c] - maxLogit) }
            lossSum += Double(logf(sum) + maxLogit - logits[row + Int(labels[r])])
            if best == Int(labels[r]) { correct += 1 }
        }
        return (correct, lossSum)
    }

    /// The cross-entropy of each of `count` rows of `logits`.
    static func rowLosses(_ logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, classes: Int)
        -> [Double]
    {
        (0..<count).map { r in
            let row = logits + r * classes
            var maxLogit = -Float.infinity
            for c in 0..<classes { maxLogit = max(maxLogit, row[c]) }
            var sum: Float = 0
            for c in 0..<classes { sum += expf(row[c] - maxLogit) }
            return Double(logf(sum) + maxLogit - row[Int(labels[r])])
        }
    }
}
