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
            return try ModelZoo.make(
                "logreg", sampleShape: data.train.sampleShape, classes: data.train.classCount, width: 1, seed: 5)
        }
        let indices = Array(0..<256)
        let kept = try ModelTrainer(
            makeModel: make, keepsModel: true, dataset: data.train, trainIndices: indices, evaluation: .heldOut(indices)
        )
        let freed = try ModelTrainer(
            makeModel: make, keepsModel: false, dataset: data.train, trainIndices: indices,
            evaluation: .heldOut(indices))
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

    /// Client models are built without drawing initial weights (`seed: nil`): fit and evaluate start
    /// from the weights they are given, so the drawn ones never mattered. On real images, a trainer
    /// with drawn weights against one with zeros, kept and rebuilt per call: the 2NN (fused plain-SGD
    /// step), and the ×¼ CNN and ResNet-8 with momentum (the general path; ResNet-8's BatchNorm
    /// running statistics are parameters too).
    @Test(arguments: [
        (model: "2nn", width: 1.0, momentum: Float(0)), (model: "cnn", width: 0.25, momentum: Float(0.9)),
        (model: "resnet8", width: 0.25, momentum: Float(0.9)),
    ])
    func aClientModelsOwnInitialWeightsNeverReachItsResults(setup: (model: String, width: Double, momentum: Float))
        throws
    {
        let data = try FashionMNIST.load()
        func make(_ seed: UInt64?) throws -> any TrainableModel {
            try ModelZoo.make(
                setup.model, sampleShape: data.train.sampleShape, classes: data.train.classCount, width: setup.width,
                seed: seed)
        }
        #expect(try make(nil).parameters.allSatisfy { $0 == 0 })
        #expect(try make(3).parameters.contains { $0 != 0 })
        let indices = Array(300..<428)
        let plan = LocalPlan(epochs: 1, batchSize: 32, learningRate: 0.05, momentum: setup.momentum, seed: 4)
        let start = try make(42).parameters
        for keeps in [true, false] {
            let withDrawn = try ModelTrainer(
                makeModel: { try make(3) }, keepsModel: keeps, dataset: data.train, trainIndices: indices,
                evaluation: .heldOut(indices))
            let withZeros = try ModelTrainer(
                makeModel: { try make(nil) }, keepsModel: keeps, dataset: data.train, trainIndices: indices,
                evaluation: .heldOut(indices))
            let a = try withDrawn.fit(from: start, plan: plan, hooks: ClientHooks()).parameters
            let b = try withZeros.fit(from: start, plan: plan, hooks: ClientHooks()).parameters
            #expect(a == b && a != start)
            #expect(try withDrawn.evaluate(a) == withZeros.evaluate(b))
        }
    }
}
