import Federation
import Learning
import Testing

/// The client methods every strategy can be combined with: the small-loss filter and local
/// fine-tuning before evaluation, on a real model and real Fashion-MNIST images.
@Suite struct ClientMethodsTests {
    @Test func theDroppedFractionRampsUpToItsTargetAndBadSettingsAreRefused() throws {
        let ramped = try SmallLossFilter(dropFraction: 0.3, rampRounds: 3)
        #expect(abs(ramped.dropFraction(inRound: 1) - 0.1) < 1e-12)
        #expect(abs(ramped.dropFraction(inRound: 3) - 0.3) < 1e-12)
        #expect(abs(ramped.dropFraction(inRound: 40) - 0.3) < 1e-12)
        #expect(try SmallLossFilter(dropFraction: 0.2).dropFraction(inRound: 1) == 0.2)
        #expect(throws: FederationError.self) { try SmallLossFilter(dropFraction: 0.95) }
        #expect(throws: FederationError.self) { try SmallLossFilter(dropFraction: 0.2, rampRounds: -1) }
        #expect(throws: FederationError.self) { try LocalFineTuning(steps: 0, learningRate: 0.1, batchSize: 8) }
        let fineTune = try LocalFineTuning(steps: 5, learningRate: 0.1, batchSize: 8)
        let order = fineTune.batchOrder(of: [3, 4, 5], seed: 1)
        #expect(order.count == 40 && Set(order) == [3, 4, 5])
    }

    /// 64 images, batches of 32: with half of each batch dropped, 32 samples are trained on and all
    /// 64 are scored; in round 1 of a 2-round ramp a quarter is dropped (24 kept per batch).
    @Test func aClientWithTheFilterTrainsOnlyOnTheKeptPartOfEachBatchFollowingTheRound() throws {
        let data = try FashionMNIST.load()
        let trainer = try ModelTrainer(
            model: try ModelZoo.make(
                "logreg", sampleShape: data.train.sampleShape, classes: data.train.classCount, width: 1, seed: 3),
            dataset: data.train, trainIndices: Array(0..<64), evaluation: .heldOut(Array(64..<128)))
        let start = try ModelZoo.make(
            "logreg", sampleShape: data.train.sampleShape, classes: data.train.classCount, width: 1, seed: 3
        ).parameters
        let plan = LocalPlan(epochs: 1, batchSize: 32, learningRate: 0.05, seed: 4)
        let cost = try #require(trainer.sampleFLOPs)
        let plain = try trainer.fit(from: start, plan: plan, hooks: ClientHooks())
        trainer.methods = ClientMethods(smallLoss: try SmallLossFilter(dropFraction: 0.5, rampRounds: 2))
        var round2 = ClientHooks()
        round2.round = 2
        var round1 = ClientHooks()
        round1.round = 1
        let filtered = try trainer.fit(from: start, plan: plan, hooks: round2)
        let ramping = try trainer.fit(from: start, plan: plan, hooks: round1)
        #expect(plain.flops == 64 * cost.training)
        #expect(filtered.flops == 32 * cost.training + 64 * cost.forward)
        #expect(ramping.flops == 48 * cost.training + 64 * cost.forward)
        #expect(filtered.steps == plain.steps && filtered.parameters != plain.parameters)
    }

    /// A client holding only T-shirts and trousers, sent an untrained (all-zero) model: evaluated
    /// as received it scores about the share of its first class; after 10 local steps on its own
    /// data it tells the two apart. The adaptation is never kept: evaluating twice gives the same.
    @Test func fineTuningAdaptsTheReceivedModelToTheClientsOwnDataBeforeItIsEvaluated() throws {
        let data = try FashionMNIST.load()
        let twoClasses = data.train.labels.indices.filter { data.train.labels[$0] < 2 }
        let make = {
            try ModelZoo.make(
                "logreg", sampleShape: data.train.sampleShape, classes: data.train.classCount, width: 1, seed: nil)
        }
        let trainer = try ModelTrainer(
            makeModel: make, keepsModel: true, dataset: data.train, trainIndices: Array(twoClasses.prefix(200)),
            evaluation: .heldOut(Array(twoClasses[200..<400])))
        let global = [Float](repeating: 0, count: trainer.parameterCount)
        let asReceived = try trainer.evaluate(global)
        trainer.methods = ClientMethods(fineTune: try LocalFineTuning(steps: 10, learningRate: 0.05, batchSize: 32))
        let adapted = try trainer.evaluate(global)
        let again = try trainer.evaluate(global)
        #expect(asReceived.accuracy < 0.6)
        #expect(adapted.accuracy > 0.9, "fine-tuned accuracy \(adapted.accuracy)")
        #expect(again == adapted)
        #expect(adapted.sampleCount == 200)
    }
}
