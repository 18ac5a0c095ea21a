/// One layer of a sequential model, operating on a minibatch of row-major samples.
///
/// Layers own no parameter storage: the model keeps all parameters (and gradients) in one flat
/// `[Float]`, and passes each layer its slice. That makes `Model.flatParameters()` a plain copy
/// and lets FL strategies exchange and aggregate weights without re-packing.
public protocol Layer {
    /// A name for the layer's parameter group (e.g. "fc1"), unique within a model.
    var name: String { get }
    /// Features per sample this layer consumes.
    var inputFeatures: Int { get }
    /// Features per sample this layer produces.
    var outputFeatures: Int { get }
    /// Number of trainable parameters.
    var parameterCount: Int { get }
    /// Multiply-adds × 2 per sample in the forward pass.
    var forwardFLOPsPerSample: Int { get }
    /// Writes initial parameter values.
    func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout SeededRandom)
    /// Computes `output` (batch × outputFeatures) from `input` (batch × inputFeatures).
    func forward(
        input: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, training: Bool)
    /// Given dL/d(output), accumulates dL/d(parameters) into `gradients` (overwriting them) and,
    /// if `inputGradient` is non-nil, writes dL/d(input).
    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
        gradients: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?)
}
