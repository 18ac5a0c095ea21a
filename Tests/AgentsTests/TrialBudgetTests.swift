import Agents
import Federation
import Learning
import Testing

/// The evaluator's trial is sized by FLOPs, so a heavy model does not make the request slow.
@Suite struct TrialBudgetTests {
    static let evaluator = TrialEvaluator(
        factory: LearningTrainerFactory(),
        makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })

    /// The zoo's cost of `name` on Fashion-MNIST-shaped input.
    static func cost(_ name: String) throws -> SampleFLOPs {
        let model = try ModelZoo.make(name, sampleShape: [1, 28, 28], classes: 10, seed: 1)
        return SampleFLOPs(forward: model.forwardFLOPsPerSample, training: model.trainingFLOPsPerSample)
    }

    @Test func aLightModelKeepsTheFullTrial() throws {
        let limits = Self.evaluator.limits(cost: try Self.cost("2nn"), invitedPerRound: 15, rounds: 5, epochs: 1)
        #expect(limits.samples == 128 && limits.tests == 1000)
    }

    @Test func aHeavyModelOverManyClientsTrainsOnFewerSamplesWithinItsBudget() throws {
        let evaluator = Self.evaluator
        let cnn = try Self.cost("cnn")
        let limits = evaluator.limits(cost: cnn, invitedPerRound: 15, rounds: 5, epochs: 1)
        #expect(limits.samples < 128 && limits.samples >= evaluator.minimumSamplesPerClient)
        #expect(limits.tests < 1000 && limits.tests >= evaluator.minimumTestSamples)
        // Within budget unless held at the floor.
        let spent = Double(limits.samples * 15 * 5) * cnn.training
        #expect(spent <= evaluator.trainingFLOPBudget || limits.samples == evaluator.minimumSamplesPerClient)
        // Fewer clients per round leave room for more samples each.
        let few = evaluator.limits(cost: cnn, invitedPerRound: 4, rounds: 5, epochs: 1)
        #expect(few.samples > limits.samples)
        // More local epochs cost more, so they get fewer samples (down to the floor).
        let small = evaluator.limits(cost: cnn, invitedPerRound: 4, rounds: 5, epochs: 3)
        #expect(small.samples < few.samples)
    }

    @Test func theFloorHoldsHoweverLargeTheTrial() throws {
        let evaluator = Self.evaluator
        let resnet = try Self.cost("resnet8")
        let limits = evaluator.limits(cost: resnet, invitedPerRound: 1000, rounds: 5, epochs: 5)
        #expect(limits.samples == evaluator.minimumSamplesPerClient)
        // The test set is sized by the rounds and the forward cost only, not by the clients.
        #expect(limits.tests == evaluator.limits(cost: resnet, invitedPerRound: 1, rounds: 5, epochs: 1).tests)
        #expect(
            evaluator.limits(cost: resnet, invitedPerRound: 1, rounds: 500, epochs: 1).tests
                == evaluator.minimumTestSamples)
    }

    @Test func federatedEvaluationSharesTheEvaluationBudgetAcrossClients() throws {
        let evaluator = Self.evaluator
        let resnet = try Self.cost("resnet8")
        let fifteen = evaluator.heldOutLimit(cost: resnet, clients: 15, rounds: 5, samples: 64)
        #expect(fifteen < 64 && fifteen >= 32)
        #expect(Double(fifteen * 15 * 5) * resnet.forward <= evaluator.evaluationFLOPBudget)
        #expect(
            evaluator.heldOutLimit(cost: resnet, clients: 2, rounds: 5, samples: 64) == 64,
            "never more than the training samples")
        #expect(evaluator.heldOutLimit(cost: resnet, clients: 1000, rounds: 5, samples: 64) == 32)
        #expect(evaluator.heldOutLimit(cost: nil, clients: 15, rounds: 5, samples: 64) == 64)
    }

    @Test func anUnknownCostKeepsTheDefaults() {
        let limits = Self.evaluator.limits(cost: nil, invitedPerRound: 15, rounds: 5, epochs: 1)
        #expect(limits.samples == 128 && limits.tests == 1000)
    }
}
