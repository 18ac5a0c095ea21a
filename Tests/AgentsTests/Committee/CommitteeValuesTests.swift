import Agents
import Testing
import Federation
import Topology

/// The committee's values: who sits on it, how the expert's priors rank, how a proposal becomes a
/// spec, and how the trials decide.
struct CommitteeValuesTests {
    let chooser: MethodChooser
    static let options = StrategyCatalog.available

    init() throws {
        chooser = try MethodChooser(catalog: MethodCatalog.bundled())
    }

    @Test func seatsFollowThePriorsAndTheLLMSitsLast() throws {
        let experts = try CommitteeMembers(count: 3, llm: false)
        #expect(experts.seats.map(\.prior) == [.balanced, .accuracyFirst, .robustnessFirst])
        #expect(experts.seats.map(\.name) == ["reviewer-1", "reviewer-2", "reviewer-3"])
        #expect(experts.seats.allSatisfy { !$0.asksLLM })

        let mixed = try CommitteeMembers(count: 3, llm: true)
        #expect(mixed.seats.map(\.asksLLM) == [false, false, true])
        #expect(mixed.seats.last?.prior == .robustnessFirst, "the LLM's fallback is the next prior")

        #expect(throws: CommitteeError.noReviewers(0)) { try CommitteeMembers(count: 0, llm: false) }
        #expect(throws: CommitteeError.tooManyReviewers(5, llm: false)) { try CommitteeMembers(count: 5, llm: false) }
        #expect(try CommitteeMembers(count: 5, llm: true).seats.count == 5)
        #expect(
            CommitteeError.tooManyReviewers(5, llm: false).description.contains("--backend reviewers=llm adds an LLM"))
    }

    /// The balanced prior is the chooser's own scoring: its first proposal is the planner's strategy.
    @Test func theBalancedReviewerProposesFirstWhatThePlannerChooses() {
        let requests = [
            "15 phones with label skew train a CNN on Fashion-MNIST.",
            "15 phones with stragglers and unreliable connectivity train a CNN on Fashion-MNIST.",
            "5 hospitals, some clients may be malicious and send arbitrary updates; ResNet-8 on Fashion-MNIST.",
            "15 wearables, one user each with their own movement patterns; GRU on sensor data.",
        ]
        let reviewer = ExpertReviewer(chooser: chooser, prior: .balanced)
        for request in requests {
            let proposals = reviewer.review(ReviewRequest(request: request, options: Self.options, depth: 3))
            #expect(proposals.first?.strategy == chooser.choose(for: request).choice.primary.id, "\(request)")
            #expect(proposals.map(\.rank) == Array(1...proposals.count))
            #expect(proposals.allSatisfy { !$0.reason.isEmpty && Self.options.contains($0.strategy) })
        }
    }

    /// A request that mixes concerns: each prior puts its own concern first.
    @Test func thePriorsWeighAMixedRequestDifferently() {
        let request =
            "15 phones whose label distributions differ, some of them malicious, over links with very low bandwidth; CNN on Fashion-MNIST."
        let ask = ReviewRequest(request: request, options: Self.options, depth: 3)
        let firsts = ReviewerPrior.allCases.map {
            ExpertReviewer(chooser: chooser, prior: $0).review(ask).first?.strategy ?? "-"
        }
        let catalog = chooser.retriever.catalog
        let accuracy = catalog.card(id: firsts[1])?.challenges ?? []
        let robust = catalog.card(id: firsts[2])?.challenges ?? []
        #expect(accuracy.contains(.labelSkew), "accuracy-first leads with \(firsts[1])")
        #expect(robust.contains(.robustness), "robustness-first leads with \(firsts[2])")
        #expect(Set(firsts).count >= 2, "\(firsts)")
    }

    @Test func aPersonalOnlyStrategyIsProposedOnlyForPersonalModels() {
        let reviewer = ExpertReviewer(chooser: chooser, prior: .accuracyFirst)
        let global = reviewer.review(
            ReviewRequest(
                request: "15 phones with strongly preferred categories; CNN on Fashion-MNIST; global accuracy.",
                options: Self.options, depth: 5))
        let personal = reviewer.review(
            ReviewRequest(
                request:
                    "A personalized model for each of 15 phones with preferred categories; CNN on Fashion-MNIST; average client accuracy.",
                options: Self.options, depth: 5))
        #expect(!global.contains { $0.strategy == "fedper" })
        #expect(personal.contains { $0.strategy == "fedper" })
    }

    @Test func aProposalIsAssembledOnTheEvaluatedSpec() throws {
        let (analysis, choice) = chooser.choose(for: "15 phones with label skew; CNN on Fashion-MNIST.")
        let composed = SpecComposer().compose(name: "", analysis, choice)
        let base = SpecComposer().compose(name: "auto-cnn-\(composed.strategy.name)-15c", analysis, choice)
        try #require(base.strategy.name != "fedprox" && base.strategy.name != "fedbuff")
        let assembly = CommitteeAssembly(catalog: chooser.retriever.catalog)

        let same = assembly.spec(base, strategy: base.strategy.name)
        let prox = assembly.spec(base, strategy: "fedprox")
        let buff = assembly.spec(base, strategy: "fedbuff")

        #expect(same == base)
        #expect(prox.strategy.name == "fedprox" && prox.strategy.options["mu"] != nil)
        #expect(prox.task == base.task && prox.client == base.client && prox.server == base.server)
        #expect(prox.name == "auto-cnn-fedprox-15c")
        #expect(base.server.deadlineSeconds == nil && buff.server.deadlineSeconds == 60)
        #expect(try prox.topology().strategy.name == "fedprox")
    }

    func candidate(_ strategy: String, rank: Int, score: Double?, passed: Bool = true, bytes: Int? = nil)
        -> CommitteeCandidate
    {
        let issues: [Diagnosis.Issue] =
            passed ? [] : [.init(level: .l2Semantics, finding: .chanceAccuracy, detail: "at chance")]
        let trial = TrialResult(
            diagnosis: Diagnosis(issues: issues, accuracy: score), accuracies: score.map { [$0] } ?? [],
            trainLosses: [],
            modelBytes: bytes)
        let (analysis, choice) = chooser.choose(for: "4 phones; logistic regression on Fashion-MNIST.")
        let spec = CommitteeAssembly(catalog: chooser.retriever.catalog).spec(
            SpecComposer().compose(name: "trial", analysis, choice), strategy: strategy)
        let metric = CommitteeMetric(bytes == nil ? "global_top1" : "total_bytes")
        return CommitteeCandidate(
            strategy: strategy, mergedRank: rank, points: 10 - rank, supporters: [], spec: spec, trial: trial,
            score: metric.value(of: trial))
    }

    @Test func theBestPassingTrialByTheMetricIsKept() {
        let metric = CommitteeMetric("global_top1")
        let candidates = [
            candidate("fedprox", rank: 1, score: 0.61), candidate("scaffold", rank: 2, score: 0.74),
            candidate("krum", rank: 3, score: 0.9, passed: false),
        ]

        let verdict = CommitteeVerdict.choose(candidates, by: metric)

        #expect(verdict.index == 1, "a failed trial is never kept, however high its accuracy")
        #expect(verdict.why.contains("scaffold has the highest global_top1 of the 3 trial(s): 0.7400"))
        #expect(verdict.why.contains("krum failed (L2 chance_accuracy)"))
    }

    @Test func equalScoresGoToTheBetterMergedRankAndBytesAreBetterLower() {
        let tie = CommitteeVerdict.choose(
            [candidate("a", rank: 1, score: 0.7), candidate("b", rank: 2, score: 0.7)],
            by: CommitteeMetric("global_top1"))
        #expect(tie.index == 0 && tie.why.contains("tied"))

        let bytes = CommitteeVerdict.choose(
            [candidate("a", rank: 1, score: 0.7, bytes: 900), candidate("b", rank: 2, score: 0.6, bytes: 300)],
            by: CommitteeMetric("total_bytes"))
        #expect(bytes.index == 1 && bytes.why.contains("lowest total_bytes"))
    }

    @Test func whenNoTrialPassesNothingIsChosen() {
        let verdict = CommitteeVerdict.choose(
            [candidate("a", rank: 1, score: 0.1, passed: false)], by: CommitteeMetric(nil))
        #expect(verdict.index == nil)
        #expect(verdict.why.contains("the workflow's evaluated spec stands"))
        #expect(CommitteeMetric("forgetting").note != nil && CommitteeMetric(nil).name == "global_top1")
    }

    @Test func topKBelowOneIsRefusedAndTheBallotHoldsTopK() throws {
        let catalog = chooser.retriever.catalog
        #expect(throws: CommitteeError.noTopK(0)) { try CommitteeSettings(topK: 0, catalog: catalog) }
        let settings = try CommitteeSettings(topK: 5, catalog: catalog, cores: 2)
        #expect(settings.depth == 5 && settings.parallelTrials == 2)
        #expect(try CommitteeSettings(topK: 1, catalog: catalog, cores: 8).parallelTrials == 1)
        #expect(try CommitteeSettings(topK: 1, catalog: catalog).depth == 3)
    }
}
