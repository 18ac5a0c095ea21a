import Testing

@testable import Learning

/// A dataset held as bytes (8-bit images) reads, subsets and trains exactly as the same values held
/// as Floats: the bytes only save memory.
@Suite struct ByteFeatureTests {
    /// 200 random 4×4 "images" in 4 classes, held as bytes and, the same values, as Floats.
    func pair() throws -> (bytes: Dataset, floats: Dataset) {
        var rng = Xoshiro(seed: 7)
        let (count, width) = (200, 16)
        let pixels = (0..<(count * width)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let labels = (0..<count).map { Int32($0 % 4) }
        let encoding = PixelEncoding.standardizing(pixels)
        let names = ["a", "b", "c", "d"]
        let bytes = try Dataset(
            name: "bytes", pixels: pixels, encoding: encoding, labels: labels, featureCount: width, classCount: 4,
            labelNames: names, sampleShape: [1, 4, 4])
        let floats = try Dataset(
            name: "floats", features: pixels.map { encoding.value(ofIntensity: Double($0) / 255) }, labels: labels,
            featureCount: width, classCount: 4, labelNames: names, sampleShape: [1, 4, 4], pixelEncoding: encoding)
        return (bytes, floats)
    }

    func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    @Test func bytesReadAsTheFloatsTheyStandFor() throws {
        let (bytes, floats) = try pair()
        guard case .bytes(let held, _) = bytes.storage else {
            Issue.record("the byte dataset holds \(bytes.storage)")
            return
        }
        #expect(held.count == 200 * 16)
        #expect(bits(bytes.features) == bits(floats.features))
        for i in [0, 37, 199] { #expect(bits(bytes.features(ofSample: i)) == bits(floats.features(ofSample: i))) }
        // A subset of bytes stays bytes, with the same values as the Float subset.
        let chosen = [5, 190, 5, 0]
        let (a, b) = (try bytes.subset(chosen), try floats.subset(chosen))
        guard case .bytes(let subsetBytes, _) = a.storage else {
            Issue.record("a subset of bytes holds \(a.storage)")
            return
        }
        #expect(subsetBytes.count == chosen.count * 16)
        #expect(bits(a.features) == bits(b.features) && a.labels == b.labels)
        #expect(throws: LearningError.self) { try bytes.subset([200]) }
    }

    @Test func aByteDatasetOfTheWrongSizeIsRefused() {
        #expect(throws: LearningError.self) {
            try Dataset(
                name: "short", pixels: [1, 2, 3], encoding: .symmetric, labels: [0], featureCount: 4, classCount: 1,
                labelNames: ["a"], sampleShape: [1, 2, 2])
        }
    }

    @Test func trainingOnBytesIsBitIdenticalToTrainingOnFloats() throws {
        let (bytes, floats) = try pair()
        var parameters: [[UInt32]] = []
        var evaluations: [String] = []
        for data in [bytes, floats] {
            let training = try SupervisedTraining(
                model: try ModelZoo.perceptron(layerSizes: [16, 8, 4], seed: 1), dataset: data)
            var sgd = try SGD(learningRate: 0.05)
            _ = training.train(indices: Array(0..<150), epochs: 2, batchSize: 32, optimizer: &sgd, seed: 3)
            parameters.append(bits(training.model.parameters))
            let e = training.evaluate(indices: Array(150..<200))
            evaluations.append("\(e.loss.bitPattern) \(e.accuracy)")
        }
        #expect(parameters[0] == parameters[1])
        #expect(evaluations[0] == evaluations[1])
    }
}
