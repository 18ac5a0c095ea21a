@testable import Agents
import Federation
import Testing
import Topology

/// FedBN keeps each client's batch norms local, so the server's copy of them is an average no client
/// runs: the chooser takes it only when the plan judges the clients' own models (per-client accuracy,
/// or accuracy over every domain when the clients are in different domains), never for one global
/// model on the shared test set. Requests worded unlike the bench's.
struct LocalLayersChoiceTests {
    @Test func clientsInDifferentDomainsAreJudgedOverEveryDomainAndGetFedBN() throws {
        let (spec, topology, plan) = try ConditionsTests.compose(
            """
            Six retail stores photograph products with different cameras: in some stores the pictures come out \
            rotated, in others inverted or washed out. Train a ResNet-8 on Fashion-MNIST and report overall accuracy.
            """
        )
        #expect(spec.strategy.name == "fedbn")
        #expect(topology.data.partition.kind == "domains")
        #expect(topology.evaluation.metric == "global_top1_all_domains")
        #expect(topology.evaluation.federated && topology.data.holdout > 0)
        #expect(plan.steps.contains { $0.kind == .metric && $0.name == "global_top1_all_domains" })
        #expect(PlanConformance.differences(plan.steps, in: spec).isEmpty)
    }

    @Test func noisyInputsJudgedByOneGlobalModelDoNotGetFedBN() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(
            for: "Twelve field sensors add heavy Gaussian noise to their Fashion-MNIST images. Train a CNN for the "
                + "best global test accuracy.")
        #expect(analysis.challenges.contains(.featureNoise))
        #expect(choice.primary.id == "fedavg")
        #expect(choice.rationale.contains { $0.hasPrefix("not fedbn") && $0.contains("one global model") })
        let fedbn = try #require(chooser.retriever.catalog.card(id: "fedbn"))
        #expect(!MethodChooser.qualifies(fedbn, for: analysis))
    }

    @Test func noisyInputsJudgedPerClientGetFedBN() throws {
        let (spec, topology, _) = try ConditionsTests.compose(
            "Twelve field sensors add heavy Gaussian noise to their Fashion-MNIST images. Train a CNN and evaluate "
                + "each sensor on its own data.")
        #expect(spec.strategy.name == "fedbn")
        #expect(topology.evaluation.metric == "mean_client_top1" && topology.evaluation.federated)
    }
}
