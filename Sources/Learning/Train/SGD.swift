/// Stochastic gradient descent with momentum (heavy-ball or Nesterov) and L2 weight decay, on a flat
/// parameter vector: v ← μ·v + (g + λ·w); w ← w − η·v (Nesterov: w ← w − η·(g + λ·w + μ·v)).
public struct SGD: Sendable {
    public var learningRate: Float
    public var momentum: Float
    public var nesterov: Bool
    public var weightDecay: Float
    private var velocity: [Float] = []

    public init(learningRate: Float, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0)
        throws(LearningError)
    {
        guard learningRate > 0, learningRate.isFinite else {
            throw LearningError(.invalidSetting, "learning rate \(learningRate) must be positive")
        }
        guard (0..<1).contains(momentum) else {
            throw LearningError(.invalidSetting, "momentum \(momentum) must be in [0, 1)")
        }
        guard weightDecay >= 0 else {
            throw LearningError(.invalidSetting, "weight decay \(weightDecay) must not be negative")
        }
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    /// One update of `parameters` with `gradient` (same length).
    public mutating func step(_ parameters: inout [Float], gradient: [Float]) {
        let n = parameters.count
        let (lr, mu, wd) = (learningRate, momentum, weightDecay)
        if mu == 0 {
            parameters.withUnsafeMutableBufferPointer { w in
                gradient.withUnsafeBufferPointer { g in
                    for i in 0..<n { w[i] -= lr * (g[i] + wd * w[i]) }
                }
            }
            return
        }
        if velocity.count != n { velocity = [Float](repeating: 0, count: n) }
        let nesterov = self.nesterov
        parameters.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                velocity.withUnsafeMutableBufferPointer { v in
                    for i in 0..<n {
                        let d = g[i] + wd * w[i]
                        v[i] = mu * v[i] + d
                        w[i] -= lr * (nesterov ? d + mu * v[i] : v[i])
                    }
                }
            }
        }
    }

    /// Forgets the momentum (a new round starts from the global model).
    public mutating func reset() { velocity = [] }
}
