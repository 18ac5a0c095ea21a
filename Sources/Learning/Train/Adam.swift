import Foundation

/// Adam (Kingma & Ba, 2015) with bias correction and optional decoupled weight decay (AdamW,
/// Loshchilov & Hutter, 2019) on a flat parameter vector:
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − η·(m̂ / (√v̂ + ε) + λ·w), with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// Deterministic: no randomness, the same gradients give the same steps.
public struct Adam: Sendable {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public var weightDecay: Float
    private var m: [Float] = []
    private var v: [Float] = []
    /// Steps taken since the last reset.
    public private(set) var t = 0

    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0
    ) throws(LearningError) {
        guard learningRate > 0, learningRate.isFinite else {
            throw LearningError(.invalidSetting, "learning rate \(learningRate) must be positive")
        }
        guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
            throw LearningError(
                .invalidSetting, "Adam betas (\(beta1), \(beta2)) must be in [0, 1), e.g. 0.9 and 0.999")
        }
        guard epsilon > 0, weightDecay >= 0 else {
            throw LearningError(.invalidSetting, "Adam epsilon must be positive and weight decay not negative")
        }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// One update of `parameters` with `gradient` (same length).
    public mutating func step(_ parameters: inout [Float], gradient: [Float]) {
        let n = parameters.count
        if m.count != n { m = [Float](repeating: 0, count: n); v = m; t = 0 }
        t += 1
        let (b1, b2, eps, lr, wd) = (beta1, beta2, epsilon, learningRate, weightDecay)
        let c1 = 1 - powf(b1, Float(t)), c2 = 1 - powf(b2, Float(t))
        parameters.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        for i in 0..<n {
                            m[i] = b1 * m[i] + (1 - b1) * g[i]
                            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                            w[i] -= lr * ((m[i] / c1) / ((v[i] / c2).squareRoot() + eps) + wd * w[i])
                        }
                    }
                }
            }
        }
    }

    /// Forgets the moments (a new round starts from the global model).
    public mutating func reset() { m = []; v = []; t = 0 }
}
