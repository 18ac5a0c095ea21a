import Federation
import Testing

/// The server's central evaluation split across cores gives the unsharded figures.
@Suite struct ShardedEvaluatorTests {
    /// A trained 2NN on the 10,000 test images: 1, 2 and 3 shards count exactly the same correct
    /// predictions and the same loss within float rounding; uneven shard sizes are covered by 3.
    @Test func shardsAgreeWithOneEvaluator() throws {
        var setup = ClientSetup(
            dataset: "fashion-mnist", partition: "iid", model: "2nn", seed: 3, totalClients: 20, clients: [:])
        setup.sampleLimit = 600
        let initial = try LearningTrainerFactory(evaluationShards: 1).makeEvaluator(setup).initialParameters
        let trained = try LearningTrainerFactory().makeTrainer(setup, clientID: 0)
            .fit(from: initial, plan: LocalPlan(batchSize: 32, learningRate: 0.05), hooks: ClientHooks()).parameters

        let single = try LearningTrainerFactory(evaluationShards: 1).makeEvaluator(setup).evaluator
        #expect(!(single is ShardedEvaluator))
        let reference = try single.evaluate(trained)
        #expect(reference.sampleCount == 10_000)
        #expect(reference.accuracy > 0.3, "a trained model should beat chance: \(reference.accuracy)")
        for shards in [2, 3] {
            let evaluator = try LearningTrainerFactory(evaluationShards: shards).makeEvaluator(setup).evaluator
            #expect(evaluator is ShardedEvaluator)
            #expect(evaluator.parameterCount == single.parameterCount)
            let e = try evaluator.evaluate(trained)
            #expect(e.sampleCount == reference.sampleCount)
            #expect(e.accuracy == reference.accuracy, "\(shards) shards")
            #expect(
                abs(e.loss - reference.loss) < 1e-6 * max(1, reference.loss),
                "\(shards) shards: \(e.loss) vs \(reference.loss)")
        }
    }

    /// A parameter vector of the wrong length is a typed error, not a crash; fitting is refused.
    @Test func aShardsErrorReachesTheCallerAndFitIsRefused() throws {
        let setup = ClientSetup(
            dataset: "fashion-mnist", partition: "iid", model: "logreg", seed: 1, totalClients: 2, clients: [:])
        let evaluator = try LearningTrainerFactory(evaluationShards: 2).makeEvaluator(setup).evaluator
        #expect(throws: FederationError.self) { try evaluator.evaluate([1, 2, 3]) }
        #expect(throws: FederationError.self) {
            try evaluator.fit(from: [], plan: LocalPlan(batchSize: 1, learningRate: 0.1), hooks: ClientHooks())
        }
        #expect(ShardedEvaluator.shardCount(samples: 10_000, cores: 2) == 2)
        #expect(ShardedEvaluator.shardCount(samples: 1_500, cores: 4) == 1)
        #expect(ShardedEvaluator.shardCount(samples: 1, cores: 2) == 1)
        #expect(ShardedEvaluator.shardCount(samples: 100_000, cores: 64) == 8)
    }
}
