/// A chain of ``Layer``s ending in logits, trained with fused softmax cross-entropy, over ONE flat
/// parameter vector.
///
/// Groups are named `<kind><index>.<suffix>` in layer order, counting each kind separately
/// (`conv0.weight`, `conv0.bias`, `bn0.running_mean`, `dense0.weight`, …); the sub-layers of a
/// composite layer (a ``ResidualBlock``'s convs and batch norms) are counted like top-level layers.
/// Every group is trained except the layers' ``Layer/untrainedSuffixes`` (BatchNorm's running
/// statistics), listed in ``untrainedRanges``.
/// Activations and gradients live in per-boundary buffers reserved once per batch size; the first
/// layer reads the caller's batch in place (no copy). Evaluation runs in chunks of at most
/// ``evaluationChunk`` samples so the activation buffers stay small.
///
/// Plain SGD can run as ``plainSGDStep(_:labels:count:learningRate:)`` when every layer with
/// parameters is a ``PlainSGDSteppingLayer`` (``Dense``): see ``fusesPlainSGD``.
public final class SequentialNetwork: TrainableModel {
    public let layers: [any Layer]
    public var parameters: [Float]
    public private(set) var gradient: [Float]
    public let parameterGroups: [(name: String, range: Range<Int>)]
    public let untrainedRanges: [Range<Int>]
    public var isTraining = true
    /// Largest sub-batch ``evaluate(_:labels:count:)`` forwards at once.
    package let evaluationChunk: Int
    /// Whether ``plainSGDStep(_:labels:count:learningRate:)`` applies: every layer with parameters
    /// folds its plain-SGD update into its backward pass (the perceptrons of ``ModelZoo``; not the
    /// cnn, whose convolutions do not, nor a model with running statistics).
    ///
    /// All or nothing, on purpose (issue 26): the cnn's Dense layers (fc512 and fc10: 96% of its
    /// parameters, 13% of its forward FLOPs) could fold their step while the convolutions take
    /// gradient-then-step, but that is a third step path to keep right, and it would change the cnn's
    /// reports by float rounding (the folded sgemm accumulates −η·xᵀ·dy into the weights instead of
    /// rounding the gradient first), so every shipped cnn baseline would move, for little: in
    /// Benchmarks/Results/LearningBench.txt (cnn ×1, batch 32) the SGD pass over all 1,663,370
    /// parameters takes 0.14 ms of a ~23 ms step (0.6%), the convolutions ~19 ms. The perceptrons,
    /// where the update pass is a real share, fuse.
    package let fusesPlainSGD: Bool
    private let offsets: [Int]
    /// Each layer as a ``PlainSGDSteppingLayer``, or nil: cast once here, not per step.
    private let steppingLayers: [(any PlainSGDSteppingLayer)?]
    private let activations: [ScratchBuffer]
    private let deltas: [ScratchBuffer]

    /// Chains `layers` (each layer's input shape must equal the previous output shape; the last
    /// output is the class logits) and initialises parameters from `seed`; with `seed` nil every
    /// parameter is 0, for a caller that sets them all before use. `evaluationChunk` bounds the
    /// samples evaluated in one forward pass (and so the activation buffers' size).
    public init(layers: [any Layer], seed: UInt64?, evaluationChunk: Int = 64) throws(LearningError) {
        guard let last = layers.last, last.outputShape.count == 1 else {
            throw LearningError(
                .invalidSetting, "a network needs at least one layer and must end in a vector of class logits")
        }
        for (a, b) in zip(layers, layers.dropFirst()) where a.outputShape != b.inputShape {
            throw LearningError(
                .shapeMismatch,
                "layer \(b.kind) expects \(b.inputShape) but the previous \(a.kind) gives \(a.outputShape)")
        }
        BLAS.applyDefaultPolicy()
        self.layers = layers
        var groups: [(name: String, range: Range<Int>)] = []
        var offsets: [Int] = []
        var kindCounts: [String: Int] = [:]
        var total = 0
        var untrained: [Range<Int>] = []
        for layer in layers {
            offsets.append(total)
            for part in layer.parameterParts {
                let index = kindCounts[part.kind, default: 0]
                kindCounts[part.kind] = index + 1
                for (suffix, count) in part.layout {
                    groups.append(("\(part.kind)\(index).\(suffix)", total..<total + count))
                    if part.untrainedSuffixes.contains(suffix) { untrained.append(total..<total + count) }
                    total += count
                }
            }
        }
        self.offsets = offsets
        self.evaluationChunk = max(1, evaluationChunk)
        steppingLayers = layers.map { $0 as? any PlainSGDSteppingLayer }
        fusesPlainSGD =
            untrained.isEmpty && zip(layers, steppingLayers).allSatisfy { $0.parameterCount == 0 || $1 != nil }
        untrainedRanges = untrained
        parameterGroups = groups
        parameters = [Float](repeating: 0, count: total)
        gradient = [Float](repeating: 0, count: total)
        activations = (0...layers.count).map { _ in ScratchBuffer() }
        deltas = (0...layers.count).map { _ in ScratchBuffer() }
        guard let seed else { return }
        var rng = Xoshiro(seed: seed)
        parameters.withUnsafeMutableBufferPointer { p in
            for (layer, offset) in zip(layers, offsets) {
                layer.initialize(p.slice(from: offset, count: layer.parameterCount), rng: &rng)
            }
        }
    }

    public var inputCount: Int { layers[0].inputSize }
    public var classCount: Int { layers[layers.count - 1].outputSize }
    public var forwardFLOPsPerSample: Double { layers.reduce(0) { $0 + $1.forwardFLOPs } }

    /// Forward, parameter gradients of every layer, and input gradients of every layer after the first.
    public var trainingFLOPsPerSample: Double {
        forwardFLOPsPerSample + layers.reduce(0) { $0 + $1.parameterGradientFLOPs }
            + layers.dropFirst().reduce(0) { $0 + $1.inputGradientFLOPs }
    }

    /// Layer `l`'s input in the last forward batch: the caller's `input` for the first layer, the
    /// layer below's output otherwise. (The first layer reads the batch in place: copying it cost a
    /// pass over 100 KB per 2NN step.) `input` must be the batch of that forward.
    private func layerInput(_ l: Int, _ input: UnsafePointer<Float>) -> UnsafePointer<Float> {
        l == 0 ? input : UnsafePointer(activations[l].pointer)
    }

    /// Layer `l`'s output in the last forward batch of `count` samples.
    private func layerOutput(_ l: Int, count: Int) -> UnsafeBufferPointer<Float> {
        UnsafePointer(activations[l + 1].pointer).buffer(count * layers[l].outputSize)
    }

    /// The input of the last layer for the last forward batch `input` (count × its size): the
    /// penultimate representation MOON's contrastive term uses.
    func penultimate(_ input: UnsafePointer<Float>, count: Int) -> [Float] {
        let n = count * layers[layers.count - 1].inputSize
        return Array(UnsafeBufferPointer(start: layerInput(layers.count - 1, input), count: n))
    }

    private func forward(_ input: UnsafePointer<Float>, count: Int, training: Bool) {
        parameters.withUnsafeBufferPointer { p in
            for (l, layer) in layers.enumerated() {
                activations[l + 1].reserve(count * layer.outputSize)
                layer.forward(
                    layerInput(l, input).buffer(count * layer.inputSize),
                    into: activations[l + 1].pointer.buffer(count * layer.outputSize), count: count,
                    parameters: p.slice(from: offsets[l], count: layer.parameterCount), training: training)
            }
        }
        guard training, !untrainedRanges.isEmpty else { return }
        parameters.withUnsafeMutableBufferPointer { p in
            for (layer, offset) in zip(layers, offsets) {
                layer.updateRunningStatistics(p.slice(from: offset, count: layer.parameterCount))
            }
        }
    }

    /// Visits the layers from the last to the first with each one's input-gradient buffer, reserved
    /// for `count` samples (nil for the first layer: no gradient of the input is taken).
    private func forEachLayerBackward(
        count: Int, _ body: (_ index: Int, _ layer: any Layer, _ inputGradient: UnsafeMutablePointer<Float>?) -> Void
    ) {
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            if l > 0 { deltas[l].reserve(count * layer.inputSize) }
            body(l, layer, l > 0 ? deltas[l].pointer : nil)
        }
    }

    /// The summed cross-entropy of the last forward batch; leaves the gradient of the mean loss with
    /// respect to the logits in the top delta buffer.
    private func outputDelta(labels: UnsafePointer<Int32>, count: Int) -> Double {
        let top = layers.count
        deltas[top].reserve(count * classCount)
        return SoftmaxCrossEntropy.lossAndDelta(
            activations[top].pointer, labels: labels, count: count, classes: classCount, delta: deltas[top].pointer)
    }

    @discardableResult
    public func lossAndGradient(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> Double {
        lossAndGradient(input, labels: labels, count: count, term: nil)
    }

    /// The loss and gradient of a batch, with `term` (if any) acting on the last layer's input.
    private func lossAndGradient(
        _ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
        term: ((_ representation: [Float]) -> (loss: Double, gradient: [Float]))?
    ) -> Double {
        forward(input, count: count, training: isTraining)
        let extra = term.map { $0(penultimate(input, count: count)) }
        let loss = outputDelta(labels: labels, count: count)
        parameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                forEachLayerBackward(count: count) { l, layer, dx in
                    layer.backward(
                        input: layerInput(l, input).buffer(count * layer.inputSize),
                        output: layerOutput(l, count: count),
                        outputGradient: deltas[l + 1].pointer.buffer(count * layer.outputSize),
                        inputGradient: dx?.buffer(count * layer.inputSize), count: count,
                        parameters: p.slice(from: offsets[l], count: layer.parameterCount),
                        gradient: g.slice(from: offsets[l], count: layer.parameterCount))
                    // The representation term's gradient joins the last layer's input gradient.
                    if l == layers.count - 1, l > 0, let extra, extra.gradient.count == count * layer.inputSize {
                        let d = deltas[l].pointer
                        for i in extra.gradient.indices { d[i] += extra.gradient[i] }
                    }
                }
            }
        }
        return loss / Double(max(1, count)) + (extra?.loss ?? 0)
    }

    /// One plain SGD step on the batch (w ← w − η·∇; no momentum, weight decay or gradient term),
    /// each layer's update folded into its backward pass from the top down (a ``Dense`` layer's
    /// weight-gradient sgemm accumulates −η·xᵀ·dy straight into its weights): the gradient is never
    /// written, so neither that pass nor a separate update pass over the parameters is made. Every
    /// layer's input gradient is taken before its weights change, so the step equals
    /// ``lossAndGradient(_:labels:count:)`` then `SGD.step` up to float rounding; ``gradient`` is
    /// left as it was. Returns the mean loss.
    /// - Precondition: ``fusesPlainSGD`` (a programmer error otherwise: callers check it).
    package func plainSGDStep(
        _ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, learningRate: Float
    ) -> Double {
        precondition(
            fusesPlainSGD, "plainSGDStep on a network with a layer that has no fused step; check fusesPlainSGD")
        forward(input, count: count, training: isTraining)
        let loss = outputDelta(labels: labels, count: count)
        parameters.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                forEachLayerBackward(count: count) { l, layer, dx in
                    let x = layerInput(l, input).buffer(count * layer.inputSize)
                    let dy = deltas[l + 1].pointer.buffer(count * layer.outputSize)
                    let dx = dx?.buffer(count * layer.inputSize)
                    if let stepping = steppingLayers[l] {
                        stepping.backwardStepping(
                            input: x, outputGradient: dy, inputGradient: dx, count: count,
                            parameters: p.slice(from: offsets[l], count: layer.parameterCount),
                            learningRate: learningRate)
                    } else {
                        // A layer without parameters (checked at init): its gradient slice is empty.
                        layer.backward(
                            input: x, output: layerOutput(l, count: count), outputGradient: dy, inputGradient: dx,
                            count: count, parameters: UnsafeBufferPointer(p.slice(from: offsets[l], count: 0)),
                            gradient: g.slice(from: offsets[l], count: 0))
                    }
                }
            }
        }
        return loss / Double(max(1, count))
    }

    public func evaluate(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> (
        correct: Int, lossSum: Double
    ) {
        var correct = 0, lossSum = 0.0, start = 0
        while start < count {
            let n = min(evaluationChunk, count - start)
            forward(input + start * inputCount, count: n, training: false)
            let r = SoftmaxCrossEntropy.evaluate(
                activations[layers.count].pointer, labels: labels + start, count: n, classes: classCount)
            correct += r.correct
            lossSum += r.lossSum
            start += n
        }
        return (correct, lossSum)
    }
}

extension SequentialNetwork {
    /// The cross-entropy of each sample, forwarded in eval mode in chunks of ``evaluationChunk``.
    public func sampleLosses(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> [Double] {
        var losses: [Double] = []
        losses.reserveCapacity(count)
        var start = 0
        while start < count {
            let n = min(evaluationChunk, count - start)
            forward(input + start * inputCount, count: n, training: false)
            losses += SoftmaxCrossEntropy.rowLosses(
                activations[layers.count].pointer, labels: labels + start, count: n, classes: classCount)
            start += n
        }
        return losses
    }
}

extension SequentialNetwork: RepresentationModel {
    public var representationSize: Int { layers[layers.count - 1].inputSize }

    public var hasLearnedRepresentation: Bool { layers.dropLast().contains { $0.parameterCount > 0 } }

    public func representation(_ input: UnsafePointer<Float>, count: Int, parameters other: [Float]) -> [Float] {
        // Swapping arrays exchanges their buffers: neither model is copied.
        var borrowed = other
        swap(&parameters, &borrowed)
        defer { swap(&parameters, &borrowed) }
        forward(input, count: count, training: false)
        return penultimate(input, count: count)
    }

    public func lossAndGradient(
        _ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
        representationTerm term: (_ representation: [Float]) -> (loss: Double, gradient: [Float])
    ) -> Double {
        // The term is only called during this call; the optional parameter merely makes it look escaping.
        withoutActuallyEscaping(term) { lossAndGradient(input, labels: labels, count: count, term: $0) }
    }
}
