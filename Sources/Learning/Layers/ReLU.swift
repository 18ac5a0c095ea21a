/// Rectified linear unit, elementwise max(0, x). No parameters.
public struct ReLU: Layer {
    public let name: String
    public let inputFeatures: Int
    public var outputFeatures: Int { inputFeatures }
    public var parameterCount: Int { 0 }
    public var forwardFLOPsPerSample: Int { 0 }

    /// A ReLU over `features` values per sample.
    public init(_ name: String, features: Int) {
        self.name = name
        inputFeatures = features
    }

    public func initialize(_ p: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom) {}

    public func forward(
        input: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, training: Bool
    ) {
        for i in 0..<(batch * inputFeatures) { output[i] = max(0, input[i]) }
    }

    public func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient dy: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
        gradients: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?
    ) {
        guard let dx = inputGradient else { return }
        for i in 0..<(batch * inputFeatures) { dx[i] = input[i] > 0 ? dy[i] : 0 }
    }
}
