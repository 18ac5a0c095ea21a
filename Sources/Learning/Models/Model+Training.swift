/// The outcome of training over a client's samples.
public struct TrainResult: Sendable, Equatable {
    /// Mean training loss over the samples seen.
    public var meanLoss: Double
    /// Number of samples processed.
    public var samples: Int

    /// A result of `samples` samples with mean loss `meanLoss`.
    public init(meanLoss: Double, samples: Int) {
        self.meanLoss = meanLoss
        self.samples = samples
    }
}

/// The outcome of evaluating a model over some samples.
public struct Evaluation: Sendable, Equatable {
    /// Mean cross-entropy loss.
    public var meanLoss: Double
    /// Fraction of correct argmax predictions in [0, 1].
    public var accuracy: Double
    /// Number of samples evaluated.
    public var samples: Int
}

/// Adds an extra term to the flat gradient before the optimizer step (FedProx: μ(w − w_global);
/// SCAFFOLD: c − cᵢ). Arguments: current parameters, gradients to modify in place.
public typealias GradientHook = (_ parameters: UnsafeBufferPointer<Float>, _ gradients: UnsafeMutableBufferPointer<Float>) -> Void

extension Model {
    /// Trains one epoch over `indices` of `data` in shuffled minibatches (shuffle seeded by `seed`),
    /// calling `gradientHook` (if any) after backprop and before each `optimizer` step.
    public func trainEpoch(
        on data: Dataset, indices: [Int], optimizer: inout SGD, batchSize: Int, seed: UInt64,
        gradientHook: GradientHook? = nil
    ) throws(ModelError) -> TrainResult {
        try check(data, batchSize: batchSize)
        var order = indices
        var rng = SeededRandom(seed: seed)
        order.shuffle(using: &rng)
        var x: [Float] = [], y: [Int32] = []
        var dlogits = [Float](repeating: 0, count: batchSize * classCount)
        var lossSum = 0.0
        var start = 0
        while start < order.count {
            let end = min(start + batchSize, order.count)
            let b = end - start
            data.gather(order[start..<end], into: &x, labels: &y)
            x.withUnsafeBufferPointer { xb in
                guard let xp = xb.baseAddress else { return }
                forward(xp, batch: b, training: true)
                dlogits.withUnsafeMutableBufferPointer { g in
                    guard let gp = g.baseAddress else { return }
                    let r = y.withUnsafeBufferPointer { yb -> (lossSum: Double, correct: Int) in
                        guard let yp = yb.baseAddress else { return (0, 0) }
                        return SoftmaxCrossEntropy.evaluate(
                            logits: activations[layers.count - 1], labels: yp,
                            batch: b, classes: classCount, gradient: gp)
                    }
                    lossSum += r.lossSum
                    backward(xp, logitGradient: gp, batch: b)
                }
            }
            if let hook = gradientHook {
                parameters.withUnsafeBufferPointer { p in gradients.withUnsafeMutableBufferPointer { g in hook(p, g) } }
            }
            withMutableParameters { p in optimizer.step(parameters: &p, gradients: &gradients) }
            start = end
        }
        return TrainResult(meanLoss: order.isEmpty ? 0 : lossSum / Double(order.count), samples: order.count)
    }

    /// Evaluates mean loss and accuracy over `indices` of `data` (inference mode), in batches.
    public func evaluate(on data: Dataset, indices: [Int], batchSize: Int = 1000) throws(ModelError) -> Evaluation {
        try check(data, batchSize: batchSize)
        var x: [Float] = [], y: [Int32] = []
        var lossSum = 0.0, correct = 0
        var start = 0
        while start < indices.count {
            let end = min(start + batchSize, indices.count)
            let b = end - start
            data.gather(indices[start..<end], into: &x, labels: &y)
            x.withUnsafeBufferPointer { xb in
                guard let xp = xb.baseAddress else { return }
                forward(xp, batch: b, training: false)
                let r = y.withUnsafeBufferPointer { yb -> (lossSum: Double, correct: Int) in
                    guard let yp = yb.baseAddress else { return (0, 0) }
                    return SoftmaxCrossEntropy.evaluate(
                        logits: activations[layers.count - 1], labels: yp,
                        batch: b, classes: classCount, gradient: nil)
                }
                lossSum += r.lossSum
                correct += r.correct
            }
            start = end
        }
        let n = Double(max(indices.count, 1))
        return Evaluation(meanLoss: lossSum / n, accuracy: Double(correct) / n, samples: indices.count)
    }

    private func check(_ data: Dataset, batchSize: Int) throws(ModelError) {
        guard batchSize > 0 else { throw ModelError(description: "batch size must be positive, got \(batchSize)") }
        guard data.featureCount == inputFeatures, data.classCount == classCount else {
            throw ModelError(description: "\(name) expects \(inputFeatures) features / \(classCount) classes; \(data.name) has \(data.featureCount) / \(data.classCount). Pick a model that matches the dataset.")
        }
    }
}
