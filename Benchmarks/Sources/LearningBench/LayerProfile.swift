import Foundation
import Learning

/// Per-layer time of one training step of a ``SequentialNetwork``: each layer's forward and backward
/// run on their own over buffers of the network's shapes, best of `repeats` steps. Backward asks for
/// the input gradient of every layer but the first, as the network does.
func layerProfile(_ network: SequentialNetwork, batch: Int, repeats: Int, seed: UInt64) throws -> [String] {
    let layers = network.layers
    var rng = Xoshiro(seed: seed)
    // activations[l] is layer l's input, deltas[l] its input gradient; raw buffers, so that no
    // copy-on-write happens inside the timed calls.
    let sizes = [network.inputCount] + layers.map(\.outputSize)
    let activations = sizes.map { UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * $0) }
    let deltas = sizes.map { UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * $0) }
    let gradient = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, network.parameterCount))
    defer { (activations + deltas + [gradient]).forEach { $0.deallocate() } }
    for buffer in activations + deltas { for i in buffer.indices { buffer[i] = rng.normal() } }
    var offsets: [Int] = [], total = 0
    for layer in layers { offsets.append(total); total += layer.parameterCount }
    var forward = [Double](repeating: .infinity, count: layers.count), backward = forward
    let clock = ContinuousClock()
    for _ in 0..<repeats {
        network.parameters.withUnsafeBufferPointer { p in
            for (l, layer) in layers.enumerated() {
                let slice = offsets[l]..<offsets[l] + layer.parameterCount
                let t = clock.now
                layer.forward(
                    UnsafeBufferPointer(activations[l]), into: activations[l + 1], count: batch,
                    parameters: UnsafeBufferPointer(rebasing: p[slice]), training: true)
                forward[l] = min(forward[l], seconds(clock.now - t))
            }
            for l in stride(from: layers.count - 1, through: 0, by: -1) {
                let slice = offsets[l]..<offsets[l] + layers[l].parameterCount
                let t = clock.now
                layers[l].backward(
                    input: UnsafeBufferPointer(activations[l]), output: UnsafeBufferPointer(activations[l + 1]),
                    outputGradient: deltas[l + 1], inputGradient: l > 0 ? deltas[l] : nil, count: batch,
                    parameters: UnsafeBufferPointer(rebasing: p[slice]),
                    gradient: UnsafeMutableBufferPointer(rebasing: gradient[slice]))
                backward[l] = min(backward[l], seconds(clock.now - t))
            }
        }
    }
    var lines = layers.indices.map { l in
        let layer = layers[l]
        let flopsForward = Double(batch) * layer.forwardFLOPs
        let flopsBackward = Double(batch) * (layer.parameterGradientFLOPs + (l > 0 ? layer.inputGradientFLOPs : 0))
        func time(_ s: Double, _ flops: Double) -> String {
            String(format: "%.2f ms", 1e3 * s) + (flops > 0 ? String(format: " (%.1f GFLOP/s)", flops / s / 1e9) : "")
        }
        let name = "\(layer.kind) \(layer.inputShape) → \(layer.outputShape)"
        return
            "  \(name.padding(toLength: 36, withPad: " ", startingAt: 0)) forward \(time(forward[l], flopsForward)), backward \(time(backward[l], flopsBackward))"
    }
    // The optimizer's share of a step: plain SGD over every parameter.
    var parameters = network.parameters, sgd = try SGD(learningRate: 0.01)
    let g = Array(gradient)
    var step = Double.infinity
    for _ in 0..<repeats {
        let t = clock.now
        sgd.step(&parameters, gradient: g)
        step = min(step, seconds(clock.now - t))
    }
    lines.append(String(format: "  SGD step over %d parameters: %.2f ms", parameters.count, 1e3 * step))
    return lines
}
