import Federation
import Testing

/// The zoo's recurrent and residual models through the client factory, as a topology names them.
@Suite struct ZooModelTrainerTests {
    /// A gru client on synthetic-sensors builds, names its groups, and a local epoch moves its model;
    /// an image model on sequences fails with a message naming what fits.
    @Test func gruClientsTrainOnSyntheticSensors() throws {
        let setup = ClientSetup(
            dataset: "synthetic-sensors", partition: "by_user", model: "gru", seed: 1, totalClients: 4, clients: [:])
        let factory = LearningTrainerFactory()
        let initial = try factory.makeEvaluator(setup).initialParameters
        #expect(initial.count == 13_638)
        let trainer = try factory.makeTrainer(setup, clientID: 0)
        #expect(trainer.parameterGroups.map(\.name).prefix(2) == ["gru0.weight_ih", "gru0.weight_hh"])
        let fit = try trainer.fit(
            from: initial, plan: LocalPlan(batchSize: 16, learningRate: 0.1), hooks: ClientHooks())
        #expect(fit.trainLoss.isFinite && fit.steps > 0)
        #expect(fit.parameters.count == initial.count && fit.parameters != initial)

        var images = setup
        images.model = "resnet8"
        do {
            _ = try factory.makeTrainer(images, clientID: 0)
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)".contains("resnet8 needs single-channel images") && "\(error)".contains("gru"), "\(error)")
        }
    }

    /// FedBN on a ResNet-8 ×½ client keeps exactly its 9 batch norms' 36 groups local; FedPer's head is the classifier.
    @Test func resnet8ClientGroupsServeFedBNAndFedPer() throws {
        var setup = ClientSetup(
            dataset: "fashion-mnist", partition: "iid", model: "resnet8", width: 0.5, seed: 1, totalClients: 2,
            clients: [:])
        setup.sampleLimit = 8
        let factory = LearningTrainerFactory()
        let trainer = try factory.makeTrainer(setup, clientID: 0)
        let groups = trainer.parameterGroups
        let batchNorm = PersonalGroups.namePrefix("bn").ranges(in: groups)
        #expect(batchNorm.count == 36)
        #expect(groups.filter { batchNorm.contains($0.range) }.allSatisfy { $0.name.hasPrefix("bn") })
        #expect(PersonalGroups.lastLayers(1).ranges(in: groups) == groups.filter { $0.layer == "dense0" }.map(\.range))
        let initial = try factory.makeEvaluator(setup).initialParameters
        let fit = try trainer.fit(
            from: initial, plan: LocalPlan(batchSize: 8), hooks: ClientHooks(personalGroups: .namePrefix("bn")))
        #expect(fit.personalRanges == batchNorm)
        #expect(fit.parameters.allSatisfy { $0.isFinite })
    }
}
