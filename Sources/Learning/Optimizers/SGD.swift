/// Stochastic gradient descent with optional momentum (classical or Nesterov) and L2 weight decay.
/// Deterministic: given the same gradients it produces the same parameters.
public struct SGD: Sendable {
    /// The step size.
    public var learningRate: Float
    /// Momentum coefficient (0 disables momentum).
    public var momentum: Float
    /// Use Nesterov momentum.
    public var nesterov: Bool
    /// L2 weight decay added to the gradient (λ·w).
    public var weightDecay: Float
    private var velocity: [Float] = []

    /// Creates an optimizer; momentum state starts at zero.
    public init(learningRate: Float, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    /// Applies one update to `parameters` from `gradients` (same length).
    public mutating func step(parameters: inout [Float], gradients: inout [Float]) {
        let n = parameters.count
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                guard let pb = p.baseAddress, let gb = g.baseAddress else { return }
                if weightDecay != 0 { BLAS.axpy(count: n, alpha: weightDecay, x: pb, y: gb) }
                if momentum == 0 {
                    BLAS.axpy(count: n, alpha: -learningRate, x: gb, y: pb)
                    return
                }
                if velocity.count != n { velocity = [Float](repeating: 0, count: n) }
                velocity.withUnsafeMutableBufferPointer { v in
                    guard let vb = v.baseAddress else { return }
                    BLAS.scal(count: n, alpha: momentum, x: vb)
                    BLAS.axpy(count: n, alpha: 1, x: gb, y: vb)
                    if nesterov {
                        BLAS.axpy(count: n, alpha: -learningRate, x: gb, y: pb)
                        BLAS.axpy(count: n, alpha: -learningRate * momentum, x: vb, y: pb)
                    } else {
                        BLAS.axpy(count: n, alpha: -learningRate, x: vb, y: pb)
                    }
                }
            }
        }
    }
}
