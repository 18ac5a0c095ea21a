/// A chain of layers run inside one composite layer (a ``ResidualBlock``'s branches): it keeps each
/// layer's output for backward and ping-pongs the gradient between two buffers.
///
/// The chain's parameters are one slice: its layers' slices back to back, in order.
final class LayerChain {
    let layers: [any Layer]
    /// Each layer's offset in the chain's parameter slice.
    let offsets: [Int]
    let parameterCount: Int
    private let outputs: [ScratchBuffer]
    private let gradients = (ScratchBuffer(), ScratchBuffer())

    /// - Precondition: `layers` is not empty and each layer's input shape is the previous output
    ///   shape (the composite layer checks this when it builds the chain).
    init(_ layers: [any Layer]) {
        precondition(!layers.isEmpty, "a layer chain needs at least one layer")
        self.layers = layers
        var offsets: [Int] = [], total = 0
        for layer in layers {
            offsets.append(total)
            total += layer.parameterCount
        }
        self.offsets = offsets
        parameterCount = total
        outputs = layers.map { _ in ScratchBuffer() }
    }

    var inputShape: [Int] { layers[0].inputShape }
    var outputShape: [Int] { layers[layers.count - 1].outputShape }
    var parameterParts: [ParameterPart] { layers.flatMap(\.parameterParts) }
    var forwardFLOPs: Double { layers.reduce(0) { $0 + $1.forwardFLOPs } }
    var parameterGradientFLOPs: Double { layers.reduce(0) { $0 + $1.parameterGradientFLOPs } }
    var inputGradientFLOPs: Double { layers.reduce(0) { $0 + $1.inputGradientFLOPs } }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, rng: inout Xoshiro) {
        for (layer, offset) in zip(layers, offsets) {
            layer.initialize((parameters + offset).buffer(layer.parameterCount), rng: &rng)
        }
    }

    /// Runs every layer; returns the last one's output (valid until the next forward).
    func forward(_ x: UnsafePointer<Float>, count: Int, parameters: UnsafePointer<Float>, training: Bool)
        -> UnsafeMutablePointer<Float>
    {
        var input = x
        for (l, layer) in layers.enumerated() {
            outputs[l].reserve(count * layer.outputSize)
            layer.forward(
                input.buffer(count * layer.inputSize), into: outputs[l].pointer.buffer(count * layer.outputSize),
                count: count, parameters: (parameters + offsets[l]).buffer(layer.parameterCount), training: training)
            input = UnsafePointer(outputs[l].pointer)
        }
        return outputs[layers.count - 1].pointer
    }

    /// Backward through every layer from dL/d(output) `dy` (overwritten); writes each layer's
    /// parameter gradient and, when `dx` is not nil, dL/dx. `x` is the last forward's input.
    func backward(
        input x: UnsafePointer<Float>, outputGradient dy: UnsafeMutablePointer<Float>,
        inputGradient dx: UnsafeMutablePointer<Float>?,
        count: Int, parameters: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>
    ) {
        var upstream = dy
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            var target = dx
            if l > 0 {
                // Layer l writes its input gradient into buffer l % 2; layer l + 1 wrote into the other.
                let buffer = l % 2 == 0 ? gradients.0 : gradients.1
                buffer.reserve(count * layer.inputSize)
                target = buffer.pointer
            }
            let input = l == 0 ? x : UnsafePointer(outputs[l - 1].pointer)
            layer.backward(
                input: input.buffer(count * layer.inputSize),
                output: UnsafePointer(outputs[l].pointer).buffer(count * layer.outputSize),
                outputGradient: upstream.buffer(count * layer.outputSize),
                inputGradient: target?.buffer(count * layer.inputSize), count: count,
                parameters: (parameters + offsets[l]).buffer(layer.parameterCount),
                gradient: (gradient + offsets[l]).buffer(layer.parameterCount))
            guard let target else { return }
            upstream = target
        }
    }

    func updateRunningStatistics(_ parameters: UnsafeMutablePointer<Float>) {
        for (layer, offset) in zip(layers, offsets) {
            layer.updateRunningStatistics((parameters + offset).buffer(layer.parameterCount))
        }
    }
}
