import Federation
import Testing

@testable import Topology

/// The topology's `sample_filter` section and `evaluation.fine_tune_steps` reach every client's setup.
@Suite struct ClientMethodsTopologyTests {
    static func text(_ extra: String, evaluation: String = "evaluation: {every: 1, federated: true}") -> String {
        """
        name: methods
        clients: [{group: a, count: 3}]
        data: {dataset: fashion-mnist, partition: iid}
        model: 2nn
        strategy: fedavg
        training: {rounds: 2, batch_size: 16, learning_rate: 0.02}
        \(evaluation)
        \(extra)
        """
    }

    @Test func theFilterAndFineTuningAreReadAndGivenToTheClientsAtTheTrainingSettings() throws {
        let spec = try TopologyReader.parse(
            Self.text(
                "sample_filter: {kind: small_loss, drop_fraction: 0.25, ramp_rounds: 4}",
                evaluation: "evaluation: {every: 1, federated: true, fine_tune_steps: 7}"))
        #expect(spec.sampleFilter == (try SmallLossFilter(dropFraction: 0.25, rampRounds: 4)))
        #expect(spec.evaluation.fineTuneSteps == 7)
        let plan = try RunPlan(spec)
        let methods = try #require(plan.setup(for: "local").methods)
        #expect(methods.smallLoss?.dropFraction == 0.25 && methods.smallLoss?.rampRounds == 4)
        #expect(methods.fineTune == (try LocalFineTuning(steps: 7, learningRate: 0.02, batchSize: 16)))
        // Both change what a run computes, so a checkpoint taken without them is not resumed with them.
        #expect(spec.runFingerprint != (try TopologyReader.parse(Self.text(""))).runFingerprint)
    }

    @Test func withoutEitherTheClientsGetNoMethods() throws {
        let plan = try RunPlan(try TopologyReader.parse(Self.text("")))
        #expect(plan.setup(for: "local").methods == nil)
    }

    @Test func badSettingsAreRefusedAtTheirLine() {
        #expect(
            CrossFieldValidationTests.issues(Self.text("sample_filter: {kind: small_loss, drop_fraction: 0.95}"))
                .first?.hasPrefix("8:") == true)
        #expect(
            CrossFieldValidationTests.issues(Self.text("sample_filter: {kind: large_loss, drop_fraction: 0.2}")).count
                == 1)
        #expect(CrossFieldValidationTests.issues(Self.text("sample_filter: {kind: small_loss}")).count == 1)
        let unfederated = CrossFieldValidationTests.issues(
            Self.text("", evaluation: "evaluation: {every: 1, federated: false, fine_tune_steps: 3}"))
        #expect(unfederated.count == 1 && unfederated[0].contains("federated: true"), "\(unfederated)")
    }
}
