/// A fully connected layer y = x·Wᵀ + b with W stored out×in (row-major) followed by b (out).
/// Forward and backward are single sgemm calls over the whole minibatch.
public struct Dense: Layer {
    public let name: String
    public let inputFeatures: Int
    public let outputFeatures: Int

    /// A dense layer from `inputs` to `outputs` features.
    public init(_ name: String, inputs: Int, outputs: Int) {
        self.name = name
        inputFeatures = inputs
        outputFeatures = outputs
    }

    public var parameterCount: Int { inputFeatures * outputFeatures + outputFeatures }
    public var forwardFLOPsPerSample: Int { 2 * inputFeatures * outputFeatures }

    /// He-uniform weights (bound √(6/in)), zero biases.
    public func initialize(_ p: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom) {
        let bound = (6.0 / Double(inputFeatures)).squareRoot()
        let w = inputFeatures * outputFeatures
        for i in 0..<w { p[i] = Float((rng.uniform() * 2 - 1) * bound) }
        for i in w..<p.count { p[i] = 0 }
    }

    public func forward(
        input: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, training: Bool
    ) {
        let bias = parameters + inputFeatures * outputFeatures
        for r in 0..<batch { (output + r * outputFeatures).update(from: bias, count: outputFeatures) }
        BLAS.gemm(false, true, m: batch, n: outputFeatures, k: inputFeatures,
                  a: input, b: parameters, beta: 1, c: output)
    }

    public func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient dy: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
        gradients: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?
    ) {
        // dW (out×in) = dyᵀ (out×batch) · x (batch×in)
        BLAS.gemm(true, false, m: outputFeatures, n: inputFeatures, k: batch,
                  a: dy, b: input, beta: 0, c: gradients)
        let db = gradients + inputFeatures * outputFeatures
        db.initialize(repeating: 0, count: outputFeatures)
        for r in 0..<batch {
            BLAS.axpy(count: outputFeatures, alpha: 1, x: dy + r * outputFeatures, y: db)
        }
        if let dx = inputGradient {
            // dx (batch×in) = dy (batch×out) · W (out×in)
            BLAS.gemm(false, false, m: batch, n: inputFeatures, k: outputFeatures,
                      a: dy, b: parameters, beta: 0, c: dx)
        }
    }
}
