import Foundation

/// A fully connected network (Dense → ReLU → … → Dense) trained with softmax cross-entropy.
///
/// `[784, 10]` is logistic regression; `[784, 200, 200, 10]` is the FedAvg paper's 2NN. All parameters
/// live in one flat vector — per layer the weights (in × out, row-major) then the bias — which is what
/// federated learning exchanges: ``parameters`` is read and assigned without reshaping. Batched
/// forward and backward passes run on OpenBLAS sgemm. Not thread-safe: one owner at a time.
public final class MLP {
    public let layerSizes: [Int]
    /// Every weight and bias, in layer order.
    public var parameters: [Float]
    /// Gradient of the last ``lossAndGradient(_:labels:count:)`` call, laid out like ``parameters``.
    public private(set) var gradient: [Float]

    private var offsets: [(weight: Int, bias: Int)] = []
    // activations[l] is layer l's input for l ≥ 1 (the previous layer's output), and the logits last;
    // layer 0 reads the caller's input batch in place, so activations[0] stays empty.
    private var activations: [[Float]] = []
    private var deltas: [[Float]] = []
    private var capacity = 0

    /// A network with He-initialised weights (zero biases) drawn from `seed`; with `seed` nil every
    /// parameter is 0, for a caller that sets them all before use (a federated client, whose weights
    /// come from the server every round, skips drawing a normal per weight).
    public init(layerSizes: [Int], seed: UInt64?) throws(LearningError) {
        guard layerSizes.count >= 2, layerSizes.allSatisfy({ $0 > 0 }) else {
            throw LearningError(.invalidSetting, "an MLP needs at least an input and an output size, all positive; got \(layerSizes)")
        }
        BLAS.applyDefaultPolicy()
        self.layerSizes = layerSizes
        var total = 0
        for l in 0..<(layerSizes.count - 1) {
            offsets.append((total, total + layerSizes[l] * layerSizes[l + 1]))
            total += layerSizes[l] * layerSizes[l + 1] + layerSizes[l + 1]
        }
        parameters = [Float](repeating: 0, count: total)
        gradient = [Float](repeating: 0, count: total)
        guard let seed else { return }
        var rng = Xoshiro(seed: seed)
        parameters.withUnsafeMutableBufferPointer { p in
            // Through the buffer: element stores into the stored array each paid an exclusivity check.
            guard let base = p.baseAddress else { return }
            for l in 0..<(layerSizes.count - 1) {
                let std = (2 / Float(layerSizes[l])).squareRoot()
                for i in offsets[l].weight..<offsets[l].bias { base[i] = std * rng.normal() }
            }
        }
    }

    public var parameterCount: Int { parameters.count }

    /// Named parameter groups with their ranges in the flat vector (`dense0.weight`, `dense0.bias`, …),
    /// so a strategy can keep some local (FedPer keeps the last layer's).
    public var parameterGroups: [(name: String, range: Range<Int>)] {
        offsets.enumerated().flatMap { l, o in
            [("dense\(l).weight", o.weight..<o.bias), ("dense\(l).bias", o.bias..<o.bias + layerSizes[l + 1])]
        }
    }

    /// Multiply-adds ×2 of one forward pass.
    public var forwardFLOPsPerSample: Double {
        (0..<(layerSizes.count - 1)).reduce(0) { $0 + 2 * Double(layerSizes[$1] * layerSizes[$1 + 1]) }
    }

    /// FLOPs of one training step per sample: forward, weight gradients, and input gradients of every
    /// layer but the first.
    public var trainingFLOPsPerSample: Double {
        let layers = 0..<(layerSizes.count - 1)
        let mults = layers.map { 2 * Double(layerSizes[$0] * layerSizes[$0 + 1]) }
        return mults.reduce(0, +) * 2 + mults.dropFirst().reduce(0, +)
    }

    private func reserve(_ batch: Int) {
        guard batch > capacity else { return }
        capacity = batch
        // Nothing at index 0: layer 0 reads the caller's batch, and no gradient of the input is taken.
        func buffers() -> [[Float]] { layerSizes.indices.map { $0 == 0 ? [] : [Float](repeating: 0, count: batch * layerSizes[$0]) } }
        activations = buffers()
        deltas = buffers()
    }

    /// Runs the batch `input` (count × inputs, row-major) forward, leaving every layer's output in
    /// ``activations``. `input` is read in place, so it must stay valid until the batch's backward.
    private func forward(_ input: UnsafePointer<Float>, count: Int) {
        reserve(count)
        let last = layerSizes.count - 2
        parameters.withUnsafeBufferPointer { p in
            guard let p = p.baseAddress else { return }
            for l in 0...last {
                let (inSize, outSize) = (layerSizes[l], layerSizes[l + 1])
                withLayerInput(l, input) { xp in
                    activations[l + 1].withUnsafeMutableBufferPointer { yb in
                        guard let y = yb.baseAddress else { return }
                        // Y = bias broadcast, then Y += X·W.
                        for r in 0..<count { (y + r * outSize).update(from: p + offsets[l].bias, count: outSize) }
                        BLAS.gemm(m: count, n: outSize, k: inSize, xp, lda: inSize, p + offsets[l].weight, ldb: outSize, beta: 1, y, ldc: outSize)
                        if l < last { for i in 0..<(count * outSize) { y[i] = max(0, y[i]) } }
                    }
                }
            }
        }
    }

    /// Calls `body` with layer `l`'s input for the last forward batch: the caller's `input` for the
    /// first layer, the layer below's output otherwise.
    @inline(__always)
    private func withLayerInput<R>(_ l: Int, _ input: UnsafePointer<Float>, _ body: (UnsafePointer<Float>) -> R) -> R {
        guard l > 0 else { return body(input) }
        return activations[l].withUnsafeBufferPointer { body($0.baseAddress ?? input) }
    }

    /// Mean softmax cross-entropy of the batch and its gradient (in ``gradient``). `labels` holds `count`
    /// class indices.
    @discardableResult
    public func lossAndGradient(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> Double {
        lossAndGradient(input, labels: labels, count: count, term: nil)
    }

    /// The loss and gradient of a batch, with `term` (if any) acting on the last layer's input.
    private func lossAndGradient(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
                                 term: ((_ representation: [Float]) -> (loss: Double, gradient: [Float]))?) -> Double {
        forward(input, count: count)
        let extra = term.map { $0(representationOfLastForward(input, count: count)) }
        let loss = outputDelta(labels: labels, count: count)
        backward(input, count: count, representationGradient: extra?.gradient ?? [])
        return loss / Double(count) + (extra?.loss ?? 0)
    }

    /// The last layer's input for the last forward batch (count × its size).
    private func representationOfLastForward(_ input: UnsafePointer<Float>, count: Int) -> [Float] {
        let l = layerSizes.count - 2
        return withLayerInput(l, input) { Array(UnsafeBufferPointer(start: $0, count: count * layerSizes[l])) }
    }

    /// Backpropagates the batch's output delta; `representationGradient` (if given) joins the gradient
    /// of the last layer's input before the ReLU below it.
    private func backward(_ input: UnsafePointer<Float>, count: Int, representationGradient: [Float] = []) {
        parameters.withUnsafeBufferPointer { pb in
            gradient.withUnsafeMutableBufferPointer { gb in
                guard let p = pb.baseAddress, let g = gb.baseAddress else { return }
                forEachLayerBackward(input) { l, inSize, outSize, d, xp in
                    // dW = Xᵀ·dY ; db = column sums of dY
                    BLAS.gemm(transposeA: true, m: inSize, n: outSize, k: count, xp, lda: inSize, d, ldb: outSize, g + offsets[l].weight, ldc: outSize)
                    columnSums(d, rows: count, columns: outSize, into: g + offsets[l].bias)
                    guard l > 0 else { return }
                    let extra = l == layerSizes.count - 2 ? representationGradient : []
                    propagate(layer: l, count: count, dY: d, x: xp, weights: p, adding: extra)
                }
            }
        }
    }

    /// Visits the layers from the last to the first with (layer, its input and output sizes, dY, X)
    /// of the last forward batch.
    private func forEachLayerBackward(_ input: UnsafePointer<Float>, _ body: (_ layer: Int, _ inSize: Int, _ outSize: Int, _ dY: UnsafePointer<Float>, _ x: UnsafePointer<Float>) -> Void) {
        for l in stride(from: layerSizes.count - 2, through: 0, by: -1) {
            let dOut = deltas[l + 1]
            dOut.withUnsafeBufferPointer { db in
                guard let d = db.baseAddress else { return }
                withLayerInput(l, input) { xp in body(l, layerSizes[l], layerSizes[l + 1], d, xp) }
            }
        }
    }

    /// deltas[layer] = dY·Wᵀ (+ `extra` when it has that size), then through the ReLU of the layer
    /// below, whose output is X.
    private func propagate(layer l: Int, count: Int, dY d: UnsafePointer<Float>, x xp: UnsafePointer<Float>, weights p: UnsafePointer<Float>,
                           adding extra: [Float] = []) {
        let (inSize, outSize) = (layerSizes[l], layerSizes[l + 1])
        deltas[l].withUnsafeMutableBufferPointer { dxb in
            guard let dx = dxb.baseAddress else { return }
            BLAS.gemm(transposeB: true, m: count, n: inSize, k: outSize, d, lda: outSize, p + offsets[l].weight, ldb: outSize, dx, ldc: inSize)
            if extra.count == count * inSize { for i in extra.indices { dx[i] += extra[i] } }
            // Both loads unconditional: a select the compiler vectorises (loading dx only where x > 0
            // compiled to a branch per float, 15% of a Flower-workload run).
            for i in 0..<(count * inSize) {
                let g = dx[i]
                dx[i] = xp[i] > 0 ? g : 0
            }
        }
    }

    /// The summed cross-entropy of the last forward batch; leaves dLogits = (softmax − onehot) / count
    /// in the output layer's delta.
    private func outputDelta(labels: UnsafePointer<Int32>, count: Int) -> Double {
        let classes = layerSizes[layerSizes.count - 1]
        let outIndex = layerSizes.count - 1
        return activations[outIndex].withUnsafeBufferPointer { logits in
            deltas[outIndex].withUnsafeMutableBufferPointer { d in
                guard let l = logits.baseAddress, let dp = d.baseAddress else { return 0.0 }
                return SoftmaxCrossEntropy.lossAndDelta(l, labels: labels, count: count, classes: classes, delta: dp)
            }
        }
    }

    /// One plain SGD step on the batch (w ← w − η·∇, no momentum, no weight decay), with the weight
    /// update folded into the weight-gradient sgemm (α = −η, β = 1): the gradient is never written,
    /// so neither that pass nor a separate update pass over the parameters is made. Each layer's input
    /// gradient is taken before its weights change, so the step equals ``lossAndGradient(_:labels:count:)``
    /// followed by `SGD.step` up to float rounding. ``gradient`` is left as it was. Returns the mean loss.
    public func plainSGDStep(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, learningRate: Float) -> Double {
        forward(input, count: count)
        let loss = outputDelta(labels: labels, count: count)
        parameters.withUnsafeMutableBufferPointer { pb in
            guard let p = pb.baseAddress else { return }
            forEachLayerBackward(input) { l, inSize, outSize, d, xp in
                // dX with the weights before this step; then W ← W − η·Xᵀ·dY, b ← b − η·(column sums of dY).
                if l > 0 { propagate(layer: l, count: count, dY: d, x: xp, weights: p) }
                BLAS.gemm(transposeA: true, m: inSize, n: outSize, k: count, alpha: -learningRate, xp, lda: inSize, d, ldb: outSize,
                          beta: 1, p + offsets[l].weight, ldc: outSize)
                let bias = p + offsets[l].bias
                for r in 0..<count {
                    let row = d + r &* outSize
                    for c in 0..<outSize { bias[c] -= learningRate * row[c] }
                }
            }
        }
        return loss / Double(count)
    }

    /// Predicted classes and the summed cross-entropy of a batch.
    public func evaluate(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> (correct: Int, lossSum: Double) {
        forward(input, count: count)
        let classes = layerSizes[layerSizes.count - 1]
        return activations[layerSizes.count - 1].withUnsafeBufferPointer { logits in
            guard let l = logits.baseAddress else { return (0, 0) }
            return SoftmaxCrossEntropy.evaluate(l, labels: labels, count: count, classes: classes)
        }
    }
}

extension MLP: RepresentationModel {
    public var representationSize: Int { layerSizes[layerSizes.count - 2] }

    public var hasLearnedRepresentation: Bool { layerSizes.count > 2 }

    public func representation(_ input: UnsafePointer<Float>, count: Int, parameters other: [Float]) -> [Float] {
        // Swapping arrays exchanges their buffers: neither model is copied.
        var borrowed = other
        swap(&parameters, &borrowed)
        defer { swap(&parameters, &borrowed) }
        forward(input, count: count)
        return representationOfLastForward(input, count: count)
    }

    public func lossAndGradient(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
                                representationTerm term: (_ representation: [Float]) -> (loss: Double, gradient: [Float])) -> Double {
        // The term is only called during this call; the optional parameter merely makes it look escaping.
        withoutActuallyEscaping(term) { lossAndGradient(input, labels: labels, count: count, term: $0) }
    }
}
