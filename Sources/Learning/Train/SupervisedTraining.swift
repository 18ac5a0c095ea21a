/// Minibatch training and evaluation of a ``TrainableModel`` over an index list of a ``Dataset``: batches are
/// gathered into one reusable buffer, so no per-sample allocation happens in the loop.
public final class SupervisedTraining {
    public let model: any TrainableModel
    public let dataset: Dataset
    private var batchFeatures: [Float] = []
    private var batchLabels: [Int32] = []
    /// Plain SGD (no momentum, weight decay or gradient hooks) on a network whose layers fold the
    /// step into their backward pass (`SequentialNetwork.fusesPlainSGD`: logreg and the 2NN) runs as
    /// `SequentialNetwork.plainSGDStep(_:labels:count:learningRate:)`: the update is folded into the
    /// weight-gradient sgemm (LearningBench, 2NN batch 32: 1.10× the steps per second, median of 7).
    /// Off: every step goes through ``TrainableModel/lossAndGradient(_:labels:count:)`` and `SGD.step`.
    public var fusesPlainSGD = true
    private var fusedStepModel: SequentialNetwork? {
        guard fusesPlainSGD, let network = model as? SequentialNetwork, network.fusesPlainSGD else { return nil }
        return network
    }

    public init(model: any TrainableModel, dataset: Dataset) throws(LearningError) {
        guard model.inputCount == dataset.featureCount, model.classCount == dataset.classCount else {
            throw LearningError(
                .shapeMismatch,
                """
                the model maps \(model.inputCount) inputs to \(model.classCount) classes; \(dataset.name) has \
                \(dataset.featureCount) features and \(dataset.classCount) classes
                """
            )
        }
        self.model = model
        self.dataset = dataset
    }

    /// What an epoch loop returns.
    public struct Outcome: Sendable {
        public var meanLoss: Double
        public var steps: Int
        public var samples: Int
        public var flops: Double
    }

    /// Trains for `epochs` over `indices`, shuffled by `seed`. `adjustGradient` (if given) may add a term
    /// to the gradient before each step, e.g. FedProx's μ(w − w_global); it gets (gradient, parameters).
    /// `batchLoss` (if given) replaces the model's ``TrainableModel/lossAndGradient(_:labels:count:)``
    /// for each batch (input, labels, count), e.g. to add MOON's contrastive term; it must leave the
    /// batch's gradient in the model's ``TrainableModel/gradient``.
    /// `keepFraction` below 1 is the small-loss filter: each batch is first scored in eval mode and
    /// only the ⌈keepFraction · count⌉ samples with the smallest loss are trained on (the others are
    /// likely mislabeled); the scoring pass is counted in the FLOPs. With `shuffles` false the
    /// samples are taken in the order of `indices` (a caller that ordered them itself).
    public func train(
        indices: [Int], epochs: Int, batchSize: Int, optimizer: inout SGD, seed: UInt64,
        adjustGradient: ((inout [Float], [Float]) -> Void)? = nil,
        batchLoss: ((UnsafePointer<Float>, UnsafePointer<Int32>, Int) -> Double)? = nil,
        keepFraction: Double = 1, shuffles: Bool = true
    ) -> Outcome {
        var order = indices
        var rng = Xoshiro(seed: seed)
        var lossSum = 0.0, steps = 0, samples = 0, scored = 0
        let batchSize = max(1, batchSize)
        model.isTraining = true
        // Nothing that picks the path changes during the loop.
        let fused =
            adjustGradient == nil && batchLoss == nil && optimizer.momentum == 0 && optimizer.weightDecay == 0
            ? fusedStepModel : nil
        for _ in 0..<epochs {
            if shuffles { order.shuffle(using: &rng) }
            var start = 0
            while start < order.count {
                let drawn = min(batchSize, order.count - start)
                gather(order[start..<start + drawn])
                var count = drawn
                if keepFraction < 1 {
                    count = keepSmallestLosses(count: drawn, keepFraction: keepFraction)
                    scored += drawn
                }
                let loss: Double
                if let fused {
                    let rate = optimizer.learningRate
                    loss = batchFeatures.withUnsafeBufferPointer { f in
                        batchLabels.withUnsafeBufferPointer { l in
                            fused.plainSGDStep(f.baseAddress!, labels: l.baseAddress!, count: count, learningRate: rate)
                        }
                    }
                } else {
                    loss = batchFeatures.withUnsafeBufferPointer { f in
                        batchLabels.withUnsafeBufferPointer { l in
                            batchLoss?(f.baseAddress!, l.baseAddress!, count)
                                ?? model.lossAndGradient(f.baseAddress!, labels: l.baseAddress!, count: count)
                        }
                    }
                    var gradient = model.gradient
                    adjustGradient?(&gradient, model.parameters)
                    // Running statistics are state, not trained: keep them out of weight decay and momentum.
                    let state = model.untrainedRanges.map { Array(model.parameters[$0]) }
                    optimizer.step(&model.parameters, gradient: gradient)
                    for (range, values) in zip(model.untrainedRanges, state) {
                        model.parameters.replaceSubrange(range, with: values)
                    }
                }
                lossSum += loss * Double(count)
                samples += count
                steps += 1
                start += drawn
            }
        }
        return Outcome(
            meanLoss: samples > 0 ? lossSum / Double(samples) : 0, steps: steps, samples: samples,
            flops: Double(samples) * model.trainingFLOPsPerSample + Double(scored) * model.forwardFLOPsPerSample)
    }

    /// Scores the gathered batch of `count` samples and moves the ⌈keepFraction · count⌉ (at least
    /// one) with the smallest loss to its front, in their batch order; returns how many are kept.
    /// Ties keep the earlier sample.
    func keepSmallestLosses(count: Int, keepFraction: Double) -> Int {
        let kept = min(count, max(1, Int((keepFraction * Double(count)).rounded(.up))))
        guard kept < count else { return count }
        let wasTraining = model.isTraining
        model.isTraining = false
        let losses = batchFeatures.withUnsafeBufferPointer { f in
            batchLabels.withUnsafeBufferPointer { l in
                model.sampleLosses(f.baseAddress!, labels: l.baseAddress!, count: count)
            }
        }
        model.isTraining = wasTraining
        let chosen = (0..<count).sorted { losses[$0] != losses[$1] ? losses[$0] < losses[$1] : $0 < $1 }
            .prefix(kept).sorted()
        let width = dataset.featureCount
        for (to, from) in chosen.enumerated() where to != from {
            for k in 0..<width { batchFeatures[to * width + k] = batchFeatures[from * width + k] }
            batchLabels[to] = batchLabels[from]
        }
        return kept
    }

    /// Mean loss and accuracy over `indices` (of `data`, default the training dataset).
    public func evaluate(indices: [Int]? = nil, on data: Dataset? = nil, batchSize: Int = 512) -> (
        loss: Double, accuracy: Double, count: Int
    ) {
        let data = data ?? dataset
        let all = indices ?? Array(0..<data.count)
        var correct = 0, lossSum = 0.0, start = 0
        while start < all.count {
            let count = min(batchSize, all.count - start)
            gather(all[start..<start + count], from: data)
            let r = batchFeatures.withUnsafeBufferPointer { f in
                batchLabels.withUnsafeBufferPointer { l in
                    model.evaluate(f.baseAddress!, labels: l.baseAddress!, count: count)
                }
            }
            correct += r.correct
            lossSum += r.lossSum
            start += count
        }
        return all.isEmpty ? (0, 0, 0) : (lossSum / Double(all.count), Double(correct) / Double(all.count), all.count)
    }

    /// Runs `body` on the gathered batch's features and labels (nil when nothing was gathered yet).
    func withGathered<R>(_ body: (UnsafePointer<Float>, UnsafePointer<Int32>) -> R) -> R? {
        batchFeatures.withUnsafeBufferPointer { f in
            batchLabels.withUnsafeBufferPointer { l in
                guard let features = f.baseAddress, let labels = l.baseAddress else { return nil }
                return body(features, labels)
            }
        }
    }

    /// Copies the samples `rows` of `data` (default the training dataset) into the reused batch buffers.
    func gather(_ rows: ArraySlice<Int>, from data: Dataset? = nil) {
        let data = data ?? dataset
        let width = data.featureCount
        if batchFeatures.count < rows.count * width { batchFeatures = [Float](repeating: 0, count: rows.count * width) }
        if batchLabels.count < rows.count { batchLabels = [Int32](repeating: 0, count: rows.count) }
        batchFeatures.withUnsafeMutableBufferPointer { destination in
            guard let destination = destination.baseAddress else { return }
            data.copyFeatures(of: rows, to: destination)
        }
        for (j, row) in rows.enumerated() { batchLabels[j] = data.labels[row] }
    }
}
