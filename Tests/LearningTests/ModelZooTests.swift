import Foundation
import Testing
@testable import Learning

@Suite struct ModelZooTests {
    let image = [1, 28, 28]

    /// Hand-computed: conv 5·5·1·c1 + c1, conv 5·5·c1·c2 + c2, fc 7·7·c2·h + h, fc h·10 + 10.
    @Test(arguments: [(1.0, 32, 64, 512), (0.5, 16, 32, 256), (0.25, 8, 16, 128)])
    func cnnParameterCounts(width: Double, c1: Int, c2: Int, hidden: Int) throws {
        let expected = 25 * c1 + c1 + 25 * c1 * c2 + c2 + 49 * c2 * hidden + hidden + hidden * 10 + 10
        let card = try ModelZoo.card("cnn", sampleShape: image, classes: 10, width: width)
        #expect(card.parameterCount == expected)
        let flops = 2.0 * Double(784 * c1 * 25 + 196 * c2 * 25 * c1 + 49 * c2 * hidden + hidden * 10)
        #expect(card.forwardFLOPsPerSample == flops)
    }

    @Test func cnnAtFullWidthHasTheFedAvgPapersCount() throws {
        let cnn = try ModelZoo.make("cnn", sampleShape: image, classes: 10, seed: 1)
        #expect(cnn.parameterCount == 1_663_370)
        #expect(
            cnn.parameterGroups.map(\.name) == [
                "conv0.weight", "conv0.bias", "conv1.weight", "conv1.bias",
                "dense0.weight", "dense0.bias", "dense1.weight", "dense1.bias",
            ])
        #expect(try ModelZoo.card("logreg", sampleShape: image, classes: 10).parameterCount == 7_850)
        #expect(try ModelZoo.card("2nn", sampleShape: image, classes: 10).parameterCount == 199_210)
    }

    @Test func unknownModelsAndWrongShapesFail() {
        #expect(throws: LearningError.self) { try ModelZoo.make("vgg", sampleShape: image, classes: 10, seed: 1) }
        #expect(throws: LearningError.self) { try ModelZoo.make("cnn", sampleShape: [60, 6], classes: 6, seed: 1) }
        #expect(throws: LearningError.self) {
            try ModelZoo.make("cnn", sampleShape: image, classes: 10, width: 1.5, seed: 1)
        }
    }

    /// The map is injective, in range, and every submodel group lands inside the same-named full group;
    /// gathering the full vector through it and scattering back reproduces those entries.
    @Test(arguments: [("cnn", 0.5), ("cnn", 0.25), ("resnet8", 0.5), ("resnet8", 0.25)])
    func heteroFLMapRoundTrips(model: String, width: Double) throws {
        let small = try ModelZoo.make(model, sampleShape: image, classes: 10, width: width, seed: 1)
        let full = try ModelZoo.make(model, sampleShape: image, classes: 10, seed: 2)
        let map = try HeteroFL.indexMap(model: model, sampleShape: image, classes: 10, width: width)
        #expect(map.count == small.parameterCount)
        #expect(Set(map).count == map.count)
        #expect(map.allSatisfy { (0..<full.parameterCount).contains($0) })
        for (s, f) in zip(small.parameterGroups, full.parameterGroups) {
            #expect(s.name == f.name)
            #expect(map[s.range].allSatisfy { f.range.contains($0) }, "\(s.name)")
        }
        let sub = map.map { full.parameters[$0] }
        var back = [Float](repeating: .nan, count: full.parameterCount)
        for (i, j) in map.enumerated() { back[j] = sub[i] }
        #expect(map.allSatisfy { back[$0] == full.parameters[$0] })
        // The first conv filter's first tap and the class bias stay where they were.
        #expect(map[0] == 0)
        #expect(map.last == full.parameterCount - 1)
    }

    /// Behaviour: SGD on 960 real Fashion-MNIST images lowers the loss (in eval mode: for ResNet-8, with
    /// the running statistics the steps accumulated) and lifts accuracy well above chance. CNN ×¼: one
    /// epoch (30 steps). ResNet-8 ×¼: two with momentum; measured here ≈ 0.5 accuracy after two, ≈ 0.7
    /// after four (a narrow ResNet with global pooling starts slower than the CNN on so little data).
    @Test(arguments: [("cnn", 1, Float(0), 0.5), ("resnet8", 2, Float(0.9), 0.4)])
    func quarterWidthStepsOnRealDataLowerTheLoss(model: String, epochs: Int, momentum: Float, accuracy: Double) throws {
        let data = try FashionMNIST.load()
        let net = try ModelZoo.make(model, sampleShape: data.train.sampleShape, classes: 10, width: 0.25, seed: 3)
        let training = try SupervisedTraining(model: net, dataset: data.train)
        let subset = Array(0..<960)
        let before = training.evaluate(indices: subset).loss
        var sgd = try SGD(learningRate: 0.05, momentum: momentum)
        _ = training.train(indices: subset, epochs: epochs, batchSize: 32, optimizer: &sgd, seed: 1)
        let after = training.evaluate(indices: subset)
        #expect(after.loss < before * 0.8, "loss \(before) → \(after.loss)")
        #expect(after.accuracy > accuracy, "accuracy \(after.accuracy)")
    }
}
