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

    /// Label noise on honest clients is no attack: the plain average with the small-loss filter, never
    /// a robust aggregation (which would discard honest updates); attackers get a robust aggregation,
    /// and attackers on noisy labels get both.
    @Test func labelNoiseGetsTheFilterAndOnlyAttackersGetARobustAggregator() throws {
        let robust = { (c: MethodChoice) in c.primary.serverHooks.contains(.robustAggregation) }
        let noisy = [
            """
            I need to deploy an image classification app on 15 smartphones. Each phone stores a local slice of \
            Fashion-MNIST with varying rates of label noise (class flipping). Help me build a noise-robust federated \
            learning framework to train a ResNet-8 model, evaluating performance by top-1 test accuracy.
            """,
            "12 kiosks; about a third of the annotations were done wrongly by a careless contractor. CNN on Fashion-MNIST.",
            "Noisy labels on 30 phones, roughly 40% flipped classes; train a 2NN.",
        ]
        for request in noisy {
            let (analysis, choice) = chooser.choose(for: request)
            #expect(
                analysis.challenges.contains(.labelNoise) && !analysis.challenges.contains(.robustness), "\(request)")
            #expect(!robust(choice), "\(choice.primary.id) for: \(request)")
            #expect(choice.addOns.map(\.id).contains("small-loss-filter"), "\(choice.rationale)")
        }
        let (_, attacked) = chooser.choose(
            for: "15 banks; some clients may be malicious and send poisoned updates. Train a CNN on Fashion-MNIST.")
        #expect(robust(attacked), "\(attacked.primary.id)")
        let (_, both) = chooser.choose(
            for: "15 phones with flipped labels, and a few compromised clients attack the model. Train a CNN.")
        #expect(robust(both) && both.addOns.map(\.id).contains("small-loss-filter"), "\(both.rationale)")
    }

    @Test func scoringCountsChallengesBeforeText() throws {
        let ranking = chooser.scores(for: "noisy labels", challenges: [.labelSkew, .userHeterogeneity])

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
