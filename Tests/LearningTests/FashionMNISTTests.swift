import Testing
@testable import Learning

@Suite struct FashionMNISTTests {
    @Test func readsRealFiles() throws {
        let test = try FashionMNIST.test()
        #expect(test.count == 10_000)
        #expect(test.featureCount == 784)
        #expect(test.histogram == [Int](repeating: 1000, count: 10))
        #expect(test.features.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(test.card.contains("Ankle boot=1000"))
    }

    @Test func missingFileSaysRunSetup() {
        do {
            _ = try FashionMNIST.test(directory: "/nonexistent")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("scripts/setup"))
        }
    }

    /// One central epoch of the 2NN (SGD lr 0.1, batch 64) reaches ≥ 80% test accuracy.
    @Test func twoNNOneEpochReaches80Percent() throws {
        BLAS.setThreads(1)
        let train = try FashionMNIST.train(), test = try FashionMNIST.test()
        let model = ModelZoo.twoNN(seed: 1)
        var sgd = SGD(learningRate: 0.1, momentum: 0.9)
        let r = try model.trainEpoch(on: train, indices: Array(0..<train.count), optimizer: &sgd, batchSize: 64, seed: 2)
        #expect(r.samples == 60_000)
        let e = try model.evaluate(on: test, indices: Array(0..<test.count))
        #expect(e.accuracy >= 0.80, "accuracy \(e.accuracy)")
    }
}
