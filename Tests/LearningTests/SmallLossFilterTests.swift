import Learning
import Synchronization
import Testing

/// The small-loss filter trains each batch only on the samples the model fits best.
@Suite struct SmallLossFilterTests {
    /// Two clusters, x = (1, 0) labelled 0 and x = (0, 1) labelled 1, six samples each, and four
    /// samples of the first cluster labelled 1 (mislabeled); a perceptron whose weights already
    /// separate the clusters.
    static func noisyClusters() throws -> (Dataset, SequentialNetwork) {
        var features: [Float] = [], labels: [Int32] = []
        for _ in 0..<6 { features += [1, 0]; labels.append(0) }
        for _ in 0..<6 { features += [0, 1]; labels.append(1) }
        for _ in 0..<4 { features += [1, 0]; labels.append(1) }
        let data = try Dataset(
            name: "noisy-clusters", features: features, labels: labels, featureCount: 2, classCount: 2,
            labelNames: ["a", "b"], sampleShape: [2])
        let model = try ModelZoo.perceptron(layerSizes: [2, 2], seed: nil)
        model.parameters = [5, 0, 0, 5, 0, 0]
        return (data, model)
    }

    @Test func aBatchKeepsItsSmallestLossSamplesAndDropsTheMislabeledOnes() throws {
        // Prepare: one batch of all 16 samples, a quarter of which are mislabeled.
        let (data, model) = try Self.noisyClusters()
        let training = try SupervisedTraining(model: model, dataset: data)
        var sgd = try SGD(learningRate: 0.001)
        let seen = Mutex<[(first: Float, label: Int32)]>([])
        // Execute: one step keeping 75% of the batch, recording what the step trains on.
        let outcome = training.train(
            indices: Array(0..<16), epochs: 1, batchSize: 16, optimizer: &sgd, seed: 1,
            batchLoss: { input, labels, count in
                seen.withLock { s in for i in 0..<count { s.append((input[2 * i], labels[i])) } }
                return model.lossAndGradient(input, labels: labels, count: count)
            }, keepFraction: 0.75)
        // Assert: the 12 correctly labelled samples were trained on, none of the 4 mislabeled ones.
        let trained = seen.withLock { $0 }
        #expect(trained.count == 12 && outcome.samples == 12 && outcome.steps == 1)
        #expect(!trained.contains { $0.first == 1 && $0.label == 1 })
        #expect(trained.filter { $0.label == 0 }.count == 6)
        // The scoring pass is counted: 16 forward passes on top of 12 training samples.
        #expect(
            outcome.flops == 12 * model.trainingFLOPsPerSample + 16 * model.forwardFLOPsPerSample)
    }

    @Test func keepingEverySampleTrainsOnTheWholeBatch() throws {
        let (data, model) = try Self.noisyClusters()
        let training = try SupervisedTraining(model: model, dataset: data)
        var sgd = try SGD(learningRate: 0.001)
        let outcome = training.train(indices: Array(0..<16), epochs: 1, batchSize: 16, optimizer: &sgd, seed: 1)
        #expect(outcome.samples == 16 && outcome.flops == 16 * model.trainingFLOPsPerSample)
    }

    @Test func perSampleLossesMatchTheBatchEvaluation() throws {
        let (data, model) = try Self.noisyClusters()
        let losses = data.features.withUnsafeBufferPointer { f in
            data.labels.withUnsafeBufferPointer { l in
                model.sampleLosses(f.baseAddress!, labels: l.baseAddress!, count: 16)
            }
        }
        let total = data.features.withUnsafeBufferPointer { f in
            data.labels.withUnsafeBufferPointer { l in model.evaluate(f.baseAddress!, labels: l.baseAddress!, count: 16)
            }
        }
        #expect(abs(losses.reduce(0, +) - total.lossSum) < 1e-4)
        // The mislabeled samples (12...15) have the largest losses.
        #expect(Set(losses.indices.sorted { losses[$0] > losses[$1] }.prefix(4)) == [12, 13, 14, 15])
    }
}
