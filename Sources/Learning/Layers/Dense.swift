/// A fully connected layer y = x·W + b, with W stored in × out row-major, then b.
public final class Dense: Layer {
    public let inputs: Int
    public let outputs: Int
    public let inputShape: [Int]
    public var outputShape: [Int] { [outputs] }
    public var kind: String { "dense" }
    /// How ``initialize(_:rng:)`` draws the weights and biases.
    package let initialization: WeightInitialization

    /// A layer from `inputs` (per-sample floats) to `outputs`.
    public convenience init(inputs: Int, outputs: Int) throws(LearningError) {
        try self.init(inputs: inputs, outputs: outputs, initialization: .heNormal)
    }

    /// A layer from `inputs` to `outputs` whose first parameters are drawn as `initialization` says.
    package init(inputs: Int, outputs: Int, initialization: WeightInitialization) throws(LearningError) {
        guard inputs > 0, outputs > 0 else {
            throw LearningError(.invalidSetting, "a dense layer needs positive sizes; got \(inputs) → \(outputs)")
        }
        _ = try LayerSize.product([inputs, outputs], of: "a dense layer's weights")
        self.inputs = inputs
        self.outputs = outputs
        self.initialization = initialization
        inputShape = [inputs]
    }

    public var parameterLayout: [(suffix: String, count: Int)] { [("weight", inputs * outputs), ("bias", outputs)] }

    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro) {
        let parameters = parameters.start(holding: parameterCount)
        initialization.fill(
            weights: parameters, count: inputs * outputs, biases: parameters + inputs * outputs, biasCount: outputs,
            fanIn: inputs, rng: &rng)
    }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let parameters = parameters.start(holding: parameterCount)
        broadcastRows(parameters + inputs * outputs, rows: count, columns: outputs, into: y)
        BLAS.gemm(m: count, n: outputs, k: inputs, x, lda: inputs, parameters, ldb: outputs, beta: 1, y, ldc: outputs)
    }

    public func backward(
        input x: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeMutableBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>?, count: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeMutableBufferPointer<Float>
    ) {
        let x = x.start(holding: count * inputSize)
        let dy = dy.start(holding: count * outputSize)
        let dx = dx?.start(holding: count * inputSize)
        let parameters = parameters.start(holding: parameterCount)
        let gradient = gradient.start(holding: parameterCount)
        // dW = xᵀ·dy ; db = column sums of dy ; dx = dy·Wᵀ
        BLAS.gemm(
            transposeA: true, m: inputs, n: outputs, k: count, x, lda: inputs, dy, ldb: outputs, gradient, ldc: outputs)
        columnSums(dy, rows: count, columns: outputs, into: gradient + inputs * outputs)
        if let dx {
            BLAS.gemm(
                transposeB: true, m: count, n: inputs, k: outputs, dy, lda: outputs, parameters, ldb: outputs, dx,
                ldc: inputs)
        }
    }

    public var forwardFLOPs: Double { 2 * Double(inputs * outputs) }
    public var parameterGradientFLOPs: Double { 2 * Double(inputs * outputs) }
    public var inputGradientFLOPs: Double { 2 * Double(inputs * outputs) }
}

extension Dense: PlainSGDSteppingLayer {
    /// dx with the weights before the step; then W ← W − η·xᵀ·dy as one sgemm (α = −η, β = 1, so
    /// the weight gradient is never materialised), and b ← b − η·dy row by row. LearningBench, 2NN
    /// batch 32: 1.10× the steps per second of gradient-then-step (see Benchmarks/Results).
    package func backwardStepping(
        input x: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeMutableBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>?,
        count: Int, parameters: UnsafeMutableBufferPointer<Float>, learningRate: Float
    ) {
        let x = x.start(holding: count * inputSize)
        let dy = dy.start(holding: count * outputSize)
        let dx = dx?.start(holding: count * inputSize)
        let parameters = parameters.start(holding: parameterCount)
        if let dx {
            BLAS.gemm(
                transposeB: true, m: count, n: inputs, k: outputs, dy, lda: outputs, parameters, ldb: outputs, dx,
                ldc: inputs)
        }
        BLAS.gemm(
            transposeA: true, m: inputs, n: outputs, k: count, alpha: -learningRate, x, lda: inputs, dy, ldb: outputs,
            beta: 1, parameters, ldc: outputs)
        let bias = parameters + inputs * outputs
        for r in 0..<count {
            let row = dy + r &* outputs
            for c in 0..<outputs { bias[c] -= learningRate * row[c] }
        }
    }
}
