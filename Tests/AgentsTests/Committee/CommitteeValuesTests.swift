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
            #expect(proposals.first?.method.strategy == chooser.choose(for: request).choice.primary.id, "\(request)")
            #expect(proposals.map(\.rank) == Array(1...proposals.count))
            #expect(proposals.allSatisfy { !$0.reason.isEmpty && Self.options.contains($0.method.strategy) })
        }
    }

    /// A request that mixes concerns: each prior puts its own concern first.
    @Test func thePriorsWeighAMixedRequestDifferently() {
        let request =
            "15 phones whose label distributions differ, some of them malicious, over links with very low bandwidth; CNN on Fashion-MNIST."
        let ask = ReviewRequest(request: request, options: Self.options, depth: 3)
        let firsts = ReviewerPrior.allCases.map {
            ExpertReviewer(chooser: chooser, prior: $0).review(ask).first?.method.strategy ?? "-"
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
        #expect(!global.contains { $0.method.strategy == "fedper" })
        #expect(personal.contains { $0.method.strategy == "fedper" })
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
        let spec = SpecComposer().compose(name: "trial", analysis, choice)
        let metric = CommitteeMetric(bytes == nil ? "global_top1" : "total_bytes")
        return CommitteeCandidate(
            method: ProposedMethod(strategy: strategy), mergedRank: rank, points: 10 - rank, supporters: [], spec: spec,
            trial: trial,
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

    /// Trials measured on 1,000 test images: a lead inside the bench's noise band (±0.0398 around 0.71)
    /// does not beat the reviewers' ranking; a lead past it does.
    @Test func withinTheNoiseBandTheReviewersHigherRankedProposalIsKept() {
        func measured(_ strategy: String, rank: Int, score: Double) -> CommitteeCandidate {
            var c = candidate(strategy, rank: rank, score: score)
            c.trial.measurement = TrialMeasurement(
                secondsPerRound: 1, trainingFLOPsPerRound: 1, evaluationFLOPsPerRound: 1, sampleTrainingFLOPs: 1,
                sampleForwardFLOPs: 1)
            c.trial.measurement?.testSamples = 1000
            return c
        }
        let metric = CommitteeMetric("global_top1")

        let close = CommitteeVerdict.choose(
            [measured("fedprox", rank: 1, score: 0.70), measured("scaffold", rank: 2, score: 0.72)], by: metric)
        let clear = CommitteeVerdict.choose(
            [measured("fedprox", rank: 1, score: 0.70), measured("scaffold", rank: 2, score: 0.80)], by: metric)

        #expect(close.index == 0, "\(close.why)")
        #expect(close.why.contains("scaffold has the highest global_top1 of the 2 trial(s): 0.7200"))
        #expect(close.why.contains("fedprox's 0.7000 is within the noise band of it (±0.0398 over 1000 samples"))
        #expect(close.why.contains("the reviewers' higher-ranked proposal is kept"))
        #expect(clear.index == 1 && !clear.why.contains("noise band"), "\(clear.why)")
    }

    @Test func whenNoTrialPassesNothingIsChosen() {
        let verdict = CommitteeVerdict.choose(
            [candidate("a", rank: 1, score: 0.1, passed: false)], by: CommitteeMetric(nil))
        #expect(verdict.index == nil)
        #expect(verdict.why.contains("the workflow's evaluated spec stands"))
        #expect(CommitteeMetric("worst_client_top1").note != nil && CommitteeMetric(nil).name == "global_top1")
    }

    @Test func topKBelowOneIsRefusedAndTheBallotHoldsTopK() throws {
        let catalog = chooser.retriever.catalog
        #expect(throws: CommitteeError.noTopK(0)) { try CommitteeSettings(topK: 0, catalog: catalog) }
        let settings = try CommitteeSettings(topK: 5, catalog: catalog, cores: 2)
        #expect(settings.depth == 5 && settings.parallelTrials == 2)
        #expect(try CommitteeSettings(topK: 1, catalog: catalog, cores: 8).parallelTrials == 1)
        #expect(try CommitteeSettings(topK: 1, catalog: catalog).depth == 3)
    }

    /// Continual learning's metrics come from the trial's task-accuracy matrix; forgetting is better lower.
    @Test func forgettingIsReadFromTheTaskMatrixAndBetterLower() throws {
        func trial(_ matrix: [[Double]]) -> TrialResult {
            var result = TrialResult(
                diagnosis: Diagnosis(issues: [], accuracy: 0.5), accuracies: [0.5], trainLosses: [])
            result.taskAccuracy = matrix
            return result
        }
        let forgetful = trial([[0.9], [0.5, 0.8]])  // task 1 fell from 0.9 to 0.5: forgetting 0.4
        let steady = trial([[0.9], [0.8, 0.6]])  // forgetting 0.1, mean task accuracy 0.7
        let forgetting = CommitteeMetric("forgetting")
        #expect(!forgetting.higherIsBetter && forgetting.note == nil)
        #expect(abs((forgetting.value(of: forgetful) ?? 0) - 0.4) < 1e-9)
        #expect(abs((CommitteeMetric("mean_task_top1").value(of: steady) ?? 0) - 0.7) < 1e-9)
        #expect(forgetting.value(of: trial([])) == nil, "no tasks measured: no score")

        let (analysis, choice) = chooser.choose(for: "4 phones; logistic regression on Fashion-MNIST.")
        let spec = SpecComposer().compose(name: "trial", analysis, choice)
        let catalog = chooser.retriever.catalog
        let replay = try ProposedMethod.read("fedavg + replay", catalog: catalog, strategies: Self.options)
        let ewc = try ProposedMethod.read("fedavg + ewc", catalog: catalog, strategies: Self.options)
        let candidates = [(replay, forgetful), (ewc, steady)].enumerated().map { i, c in
            CommitteeCandidate(
                method: c.0, mergedRank: i + 1, points: 3 - i, supporters: [], spec: spec, trial: c.1,
                score: forgetting.value(of: c.1))
        }
        let verdict = CommitteeVerdict.choose(candidates, by: forgetting)
        #expect(verdict.index == 1)
        #expect(verdict.why.hasPrefix("fedavg + ewc has the lowest forgetting of the 2 trial(s)"), "\(verdict.why)")
    }

    /// Label noise alone is not an attack: no prior proposes a robust aggregation for it (not even
    /// robustness-first, whose focus it is), and every prior's first method carries the small-loss
    /// filter; with attackers stated as well, robustness-first puts a robust aggregation first.
    @Test func labelNoiseWithoutAttackersGetsTheFilterFromEveryPrior() throws {
        let catalog = chooser.retriever.catalog
        let robust = { (m: ProposedMethod) in catalog.card(id: m.strategy)?.serverHooks.contains(.robustAggregation) }
        let noisy = [
            "20 phones whose labels were often annotated wrongly; logistic regression on Fashion-MNIST.",
            """
            I need to deploy an image classification app on 15 smartphones. Each phone stores a local slice of \
            Fashion-MNIST with varying rates of label noise (class flipping). Help me build a noise-robust federated \
            learning framework to train a ResNet-8 model, evaluating performance by top-1 test accuracy.
            """,
        ]
        for request in noisy {
            let ask = ReviewRequest(request: request, options: Self.options, depth: 3)
            for prior in [ReviewerPrior.balanced, .accuracyFirst, .robustnessFirst] {
                let proposals = ExpertReviewer(chooser: chooser, prior: prior).review(ask)
                #expect(
                    proposals.allSatisfy { robust($0.method) == false }, "\(prior): \(proposals.map(\.method.text))")
                #expect(
                    proposals.first?.method.addOns == ["small-loss-filter"], "\(prior): \(proposals.map(\.method.text))"
                )
            }
        }
        let attacked = ReviewRequest(
            request: "20 phones with noisy labels, and some clients are malicious and send poisoned updates; CNN.",
            options: Self.options, depth: 3)
        let first = try #require(ExpertReviewer(chooser: chooser, prior: .robustnessFirst).review(attacked).first)
        #expect(robust(first.method) == true, "\(first.method.text)")
        #expect(first.method.addOns == ["small-loss-filter"], "the labels are still noisy: \(first.method.text)")
    }
}
