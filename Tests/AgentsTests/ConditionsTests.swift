@testable import Agents
import Federation
import Testing
import Topology

/// The composed topology simulates the conditions the request states, with the request's values, in
/// wordings the corpus and the bench do not use; what the request leaves out is a listed assumption.
struct ConditionsTests {
    /// The composed spec of `request`, read back as a topology (so every value passed the reader).
    static func compose(_ request: String) throws -> (FederationSpec, TopologySpec, Plan) {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: request)
        let spec = SpecComposer().compose(name: "conditions", analysis, choice)
        return (spec, try spec.topology(), ExpertPlanner(chooser: chooser).plan(request))
    }

    @Test func labelNoiseShareAndItsClientsComeFromTheRequest() throws {
        let (_, topology, plan) = try Self.compose(
            "Twelve pharmacies label pill photos by hand; a quarter of the pharmacies hire temps whose labels are wrong about 30 percent of the time. Train a CNN on the photos."
        )
        let flip = try #require(topology.data.corruptions.first { $0.kind == "label_flip" })
        #expect(flip.settings["range"] == [0.3, 0.3])
        #expect(flip.settings["fraction_of_clients"] == [0.25])
        #expect(topology.clientCount == 12)
        #expect(plan.setup["label noise"]?.contains("30%") == true)
        #expect(!plan.assumptions.contains { $0.hasPrefix("label-noise share not stated") })
    }

    @Test func aCeilingOnWrongLabelsIsASpanFromZero() throws {
        let (_, topology, _) = try Self.compose(
            "Eight banks share a fraud model (logistic regression on tabular images of Fashion-MNIST). Up to 40% of the tags in each bank's archive are mistaken."
        )
        let flip = try #require(topology.data.corruptions.first { $0.kind == "label_flip" })
        #expect(flip.settings["range"] == [0, 0.4])
    }

    @Test func unstatedAmountsAreDefaultsThePlanListsAsAssumptions() throws {
        let (spec, topology, plan) = try Self.compose(
            "Forty kiosks with flaky uplinks drop out now and then; some annotators mislabel clothing pictures. CNN please."
        )
        #expect(topology.data.corruptions.first { $0.kind == "label_flip" }?.settings["range"] == [0, 0.5])
        #expect(spec.server.dropout == 0.2)
        #expect(plan.assumptions.contains { $0.hasPrefix("label-noise share not stated") })
        #expect(plan.assumptions.contains { $0.hasPrefix("dropout share not stated") })
        #expect(plan.assumptions.contains { $0.hasPrefix("participation not stated") })
    }

    @Test func participationDropoutAndSpeedsInWordsReachTheTopology() throws {
        let (spec, topology, plan) = try Self.compose(
            "Our 16 delivery vans run a CNN on Fashion-MNIST-like parcel photos. Only half of the vans are reachable at a time, one in five of the vans drop out mid-round, and the oldest vans are 8 times slower than the new ones."
        )
        #expect(topology.participation.fraction == 0.5)
        #expect(spec.server.dropout == 0.2)
        #expect(topology.clientGroups.first?.dropoutProbability == 0.2)
        // ×8 between the 2.5th and 97.5th percentile speeds: σ = ln 8 / 3.92.
        #expect(abs(spec.server.speedSpread - 0.53) < 0.01)
        #expect(plan.setup["clients per round"] == "50% of clients per round")
        #expect(plan.setup["device speeds"] != nil)
    }

    @Test func usersWithTheirOwnDataAreSplitByUserNotPooled() throws {
        let (_, topology, plan) = try Self.compose(
            "Thirty people each generate their own samples of LEAF synthetic data on their phones; fit a logistic regression for them."
        )
        #expect(topology.data.partition.kind == "by_user")
        #expect(topology.clientCount == 30)
        #expect(plan.setup["split"]?.hasPrefix("by user") == true)
    }

    @Test func perClientEvaluationInWordsIsTheRunsHeadlineMetric() throws {
        let (spec, topology, plan) = try Self.compose(
            "Nine dental practices, a ResNet-8 on x-ray-like Fashion-MNIST images. Judge it by how well each practice does on its own held-back patients."
        )
        #expect(spec.server.metric == "mean_client_top1")
        #expect(topology.evaluation.metric == "mean_client_top1" && topology.evaluation.federated)
        #expect(topology.data.holdout > 0)
        #expect(plan.setup["headline metric"] == "mean_client_top1")
    }
}

/// Wrong labels described with an adverb ("tags a fifth of the photos wrongly") are label noise,
/// with the share read.
struct WronglyTaggedTests {
    @Test func wronglyTaggedPhotosAreLabelNoiseWithTheirShare() throws {
        let (_, topology, _) = try ConditionsTests.compose(
            "Four shops photograph clothing and a temp worker tags a fifth of the photos wrongly. Train a 2NN across the four shops."
        )
        #expect(topology.data.corruptions.first { $0.kind == "label_flip" }?.settings["range"] == [0.2, 0.2])
    }
}
