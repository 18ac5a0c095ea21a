import Agents
import Foundation
import Testing
import Topology

struct MethodChooserTests {
    let chooser: MethodChooser

    init() throws {
        chooser = try MethodChooser(catalog: MethodCatalog.bundled())
    }

    @Test func noChallengeFallsBackToFedAvg() {
        let (_, choice) = chooser.choose(for: "Help me build a federated learning system.")

        #expect(choice.primary.id == "fedavg")
        #expect(choice.addOns.isEmpty)
        #expect(choice.uncovered.isEmpty)
    }

    @Test func modelHeterogeneityPicksHeteroFL() {
        let (_, choice) = chooser.choose(
            for: "15 phones each train a different-sized ResNet-8 (full, 1/2, 1/4 width) on Fashion-MNIST.")

        #expect(choice.primary.id == "heterofl")
    }

    @Test func bandwidthAddsSelectionAndCompression() {
        let (_, choice) = chooser.choose(
            for: "15 phones, low bandwidth, only 30% connect each round; CNN on Fashion-MNIST; report bytes.")

        #expect(choice.addOns.contains { $0.kind == .selection && $0.id == "power_of_choice" })
        #expect(choice.addOns.contains { $0.kind == .compression })
        #expect(choice.addOns.allSatisfy { $0.kind != .strategy })
    }

    /// Active learning has no implementation in this build, so the catalog has no card for it and it
    /// stays uncovered (the plan says so); continual learning gets the strategy that limits drift and
    /// a continual add-on (replay, the card its words fit best).
    @Test func activeLearningGetsNoAddOnAndContinualLearningGetsReplay() {
        let (_, active) = chooser.choose(for: "5 hospitals with unlabeled images can label only 20%; CNN.")
        let (_, continual) = chooser.choose(
            for: "15 phones learn tasks sequentially and suffer catastrophic forgetting; CNN on Fashion-MNIST.")

        #expect(active.addOns.isEmpty && active.uncovered.contains(.activeLearning))
        #expect(continual.addOns.map(\.id) == ["replay"] && continual.primary.id == "fedprox")
    }

    @Test func scoringCountsChallengesBeforeText() throws {
        let ranking = chooser.scores(for: "noisy labels", challenges: [.robustness, .labelNoise])

        let top = try #require(ranking.first)
        #expect(top.matched.count == 2)
        #expect(
            ranking.allSatisfy { $0.score == Double($0.matched.count) + MethodChooser.retrievalWeight * $0.retrieval })
        #expect(ranking.map(\.retrieval).allSatisfy { (0...1).contains($0) })
    }

    @Test func uncoveredChallengesAreReported() {
        var analysis = RequestAnalyzer().analyze("15 phones, CNN, Fashion-MNIST")
        analysis.challenges = [.modelHeterogeneity, .privacy]

        let choice = chooser.choose(for: "", analysis: analysis)

        #expect(Vocabulary.strategies.contains(choice.primary.id))
        #expect(choice.uncovered.count == 1)
    }
}

/// Analyses and choices travel between agent actors, so they must survive encoding.
struct DecisionCodingTests {
    @Test func analysisAndChoiceRoundTripThroughJSON() throws {
        let chooser = try MethodChooser(catalog: MethodCatalog.bundled())
        let (analysis, choice) = chooser.choose(for: "15 phones with imbalanced Fashion-MNIST slices train a CNN.")

        let analysisBack = try JSONDecoder().decode(RequestAnalysis.self, from: JSONEncoder().encode(analysis))
        let choiceBack = try JSONDecoder().decode(MethodChoice.self, from: JSONEncoder().encode(choice))

        #expect(analysisBack == analysis)
        #expect(choiceBack == choice)
    }

    @Test func defaultOptionsAreTheHyperParameterDefaults() throws {
        let catalog = try MethodCatalog.bundled()

        #expect(catalog.card(id: "fedprox")?.defaultOptions == ["mu": 0.01])
        #expect(catalog.card(id: "fedavg")?.defaultOptions == [:])
    }
}
