@testable import Agents
import Topology
import Testing

/// The composer replaces what a build cannot run and says so; a runnable spec is left alone.
struct SubstitutionTests {
    static let request =
        """
        Four camera devices, each a domain-specific slice of Fashion-MNIST (rotated, inverted); a ResNet-8; global \
        top-1 accuracy.
        """

    @Test func unavailableNamesAreReplacedWithANotePerSubstitution() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: Self.request)
        let composer = SpecComposer()
        var spec = composer.compose(name: "s", analysis, choice)
        spec.task.model = "resnet8"; spec.task.partition = "domains"; spec.strategy.name = "scaffold"
        let narrow = Capabilities(
            models: ["logreg"], strategies: ["fedavg", "fedprox"], partitions: ["iid", "dirichlet"],
            datasets: ["fashion-mnist"])

        let (out, notes) = composer.substitute(spec, within: narrow)

        #expect(out.task.model == "logreg" && out.task.partition == "dirichlet" && out.strategy.name == "fedprox")
        #expect(notes.count == 3)
        #expect(notes.allSatisfy { $0.contains("not available in this build") })
        let wide = Capabilities(
            models: ["resnet8"], strategies: ["scaffold"], partitions: ["domains"], datasets: ["fashion-mnist"])
        let (same, none) = composer.substitute(spec, within: wide)
        #expect(same == spec && none.isEmpty)
    }
}

/// A flower_dirichlet task written by the agents reads back with the same settings.
struct FlowerPartitionSpecTests {
    @Test func flowerDirichletSettingsPassTheRulesAndRoundTripThroughTheTopologyFile() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: SubstitutionTests.request)
        var spec = SpecComposer().compose(name: "flower-split", analysis, choice)
        spec.task.partition = "flower_dirichlet"
        spec.task.partitionSettings = ["alpha": 0.5, "min_partition_size": 0, "self_balancing": 1]
        spec.task.quantitySkew = nil
        #expect(
            SpecRules.problems(
                spec.task, within: Capabilities(models: [], strategies: [], partitions: [], datasets: [])) == [])
        let yaml = spec.topologyYAML()
        #expect(yaml.contains("self_balancing: true"))
        let read = try TopologyReader.parse(yaml, file: "flower-split.yaml")
        #expect(read.data.partition.settings == ["alpha": 0.5, "min_partition_size": 0, "self_balancing": 1])
        spec.task.partitionSettings["min_partition_size"] = 2.5
        #expect(
            SpecRules.problems(
                spec.task, within: Capabilities(models: [], strategies: [], partitions: [], datasets: [])
            ).count == 1)
        spec.task.partitionSettings = ["alpha": 0.5, "first_appearance_order": 1]
        #expect(
            SpecRules.problems(
                spec.task, within: Capabilities(models: [], strategies: [], partitions: [], datasets: [])) == [])
        #expect(spec.topologyYAML().contains("first_appearance_order: true"))
        spec.task.partitionSettings = ["alpha": 0.5, "first_appearance_order": 2]
        #expect(
            SpecRules.problems(
                spec.task, within: Capabilities(models: [], strategies: [], partitions: [], datasets: [])
            ).count == 1)
    }
}

/// The rules a data coder's answer must pass check corruption ranges as the run does, per kind.
struct CorruptionRangeRuleTests {
    @Test func eachKindsLimitsAreTheRunsAndInversionTakesNoRange() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: SubstitutionTests.request)
        var task = SpecComposer().compose(name: "ranges", analysis, choice).task
        let none = Capabilities(models: [], strategies: [], partitions: [], datasets: [])
        func problems(_ corruptions: [FederationSpec.Corruption]) -> [String] {
            task.corruptions = corruptions
            return SpecRules.problems(task, within: none).filter { $0.hasPrefix("corruption") }
        }
        #expect(
            problems([
                .init(kind: "label_flip", range: [0, 0.4]), .init(kind: "rotation", range: [0, 90]),
                .init(kind: "inversion", range: nil),
            ]) == [])
        // A flip rate above 1 and a range on inversion would be refused by the topology reader.
        let refused = problems([.init(kind: "label_flip", range: [0, 2]), .init(kind: "inversion", range: [0, 1])])
        #expect(refused.count == 2, "\(refused)")
        #expect(refused.first?.contains("must lie within [0.0, 1.0]") == true, "\(refused)")
        #expect(refused.last?.contains("inversion has no strength to draw") == true, "\(refused)")
    }
}
