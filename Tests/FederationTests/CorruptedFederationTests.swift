import Federation
import Testing

@Suite struct CorruptedFederationTests {
    /// Three Fashion-MNIST clients (150 samples at most each) with label noise and power-law sizes:
    /// the factory builds them, FedAvg trains two rounds, and the global model beats chance.
    @Test func fedAvgTrainsWithLabelFlipAndQuantitySkew() throws {
        var setup = ClientSetup(
            dataset: "fashion-mnist", partition: "dirichlet", partitionSettings: ["alpha": 1],
            quantitySkew: "power_law",
            corruptions: ["label_flip": ["range": [0.1, 0.3]]], model: "logreg", seed: 21, totalClients: 3, clients: [:]
        )
        setup.sampleLimit = 150
        setup.evaluationLimit = 500
        let factory = LearningTrainerFactory()
        let trainers = try (0..<3).map { try factory.makeTrainer(setup, clientID: $0) }
        #expect(trainers.allSatisfy { $0.sampleCount > 0 && $0.sampleCount <= 150 })
        let (evaluator, initial) = try factory.makeEvaluator(setup)
        var strategy = try FedAvg()
        var global = initial
        for round in 1...2 {
            let results = try trainers.enumerated().map { id, t in
                let fit = try t.fit(
                    from: global,
                    plan: LocalPlan(epochs: 2, batchSize: 16, learningRate: 0.05, seed: UInt64(round * 10 + id)),
                    hooks: ClientHooks())
                return FitResult(
                    clientID: id, parameters: fit.parameters, sampleCount: t.sampleCount, trainLoss: fit.trainLoss,
                    localSteps: fit.steps, flops: fit.flops, computeSeconds: 0)
            }
            global = try strategy.aggregateFit(round: round, global: global, results: results, failures: []) ?? global
        }
        #expect(try evaluator.evaluate(global).accuracy > 0.3)
    }

    @Test func syntheticSensorsByUserWithAHoldoutBuildsOneClientPerUserGroup() throws {
        let setup = ClientSetup(
            dataset: "synthetic-sensors", partition: "by_user", holdout: 0.25, model: "logreg", seed: 1,
            totalClients: 4, clients: [:])
        let trainers = try (0..<4).map { try LearningTrainerFactory().makeTrainer(setup, clientID: $0) }
        // 20 users × 48 training samples, 5 users per client, a quarter held out: 180 to train each.
        #expect(trainers.map(\.sampleCount) == [180, 180, 180, 180])
        #expect(
            try trainers[0].evaluate(try LearningTrainerFactory().makeEvaluator(setup).initialParameters).sampleCount
                == 60)
    }

    @Test func unavailableDatasetsSayWhatIsPossible() throws {
        let setup = ClientSetup(
            dataset: "emnist", partition: "iid", model: "logreg", seed: 1, totalClients: 2, clients: [:])
        do {
            _ = try LearningTrainerFactory().makeTrainer(setup, clientID: 0)
            Issue.record("expected an error")
        } catch let error as FederationError {
            #expect(error.message.contains("available: fashion-mnist"))
        }
    }
}
