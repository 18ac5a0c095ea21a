/// A layer that can fold one plain SGD step (w ← w − η·∇, no momentum or weight decay) into its
/// backward pass, so that its parameter gradient is never written and no separate update pass over
/// its parameters is made. ``SequentialNetwork/plainSGDStep(_:labels:count:learningRate:)`` uses it
/// when every layer with parameters conforms (``SequentialNetwork/fusesPlainSGD``).
package protocol PlainSGDSteppingLayer: Layer {
    /// Given dL/dy (which the layer may overwrite), writes dL/dx into `dx` when it is not nil, using
    /// the parameters as they were, and then applies w ← w − η·dL/dw to `parameters`. `x` is the last
    /// forward's input, unchanged since that forward.
    func backwardStepping(
        input x: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeMutableBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>?,
        count: Int, parameters: UnsafeMutableBufferPointer<Float>, learningRate: Float)
}
