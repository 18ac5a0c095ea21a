import Federation
import Learning
import Synchronization
import Testing

/// A trainer that frees its model between calls trains exactly like one that keeps it.
@Suite struct ModelResidencyTests {
    @Test func aTrainerThatRebuildsItsModelPerCallMatchesOneThatKeepsIt() throws {
        // Prepare: logistic regression on 256 real Fashion-MNIST images, two trainers differing only in residency.
        let data = try FashionMNIST.load()
        let builds = Mutex(0)
        func make() throws -> any TrainableModel {
            builds.withLock { $0 += 1 }
            return try ModelZoo.make("logreg", sampleShape: data.train.sampleShape, classes: data.train.classCount, width: 1, seed: 5)
        }
        let indices = Array(0..<256)
        let kept = try ModelTrainer(makeModel: make, keepsModel: true, dataset: data.train, trainIndices: indices, evaluation: .heldOut(indices))
        let freed = try ModelTrainer(makeModel: make, keepsModel: false, dataset: data.train, trainIndices: indices, evaluation: .heldOut(indices))
        let start = try make().parameters
        builds.withLock { $0 = 0 }
        let plan = LocalPlan(epochs: 1, batchSize: 32, learningRate: 0.05, seed: 9)
        // Execute: two rounds of fit and evaluate on each.
        var a = start, b = start
        for _ in 0..<2 {
            a = try kept.fit(from: a, plan: plan, hooks: ClientHooks()).parameters
            b = try freed.fit(from: b, plan: plan, hooks: ClientHooks()).parameters
        }
        let ea = try kept.evaluate(a), eb = try freed.evaluate(b)
        // Assert: the same weights and metrics; the freed one built a model per call (3), the kept one none.
        #expect(a == b)
        #expect(ea == eb)
        #expect(builds.withLock { $0 } == 3)
        #expect(kept.parameterCount == freed.parameterCount && kept.parameterCount == 7850)
    }
}
