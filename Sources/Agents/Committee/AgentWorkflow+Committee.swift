import ActorMesh
import Foundation

extension AgentWorkflow {
    /// The committee after the evaluated spec: every reviewer ranks strategies, the rankings are
    /// merged (``RankingMerge``), the top-k distinct proposals are assembled on the evaluated spec
    /// (``CommitteeAssembly``) and tried by the evaluator, `parallelTrials` at a time, and the best
    /// by the plan's metric is kept (``CommitteeVerdict``). Every exchange and the choice go to the
    /// transcript; the outcome carries the committee's record.
    func convene(_ settings: CommitteeSettings, request: String, outcome start: WorkflowOutcome) async throws
        -> WorkflowOutcome
    {
        var outcome = start
        guard let base = outcome.spec else { return outcome }
        let ask = ReviewRequest(request: request, options: settings.options, depth: settings.depth)
        var records: [ReviewRecord] = []
        for (seat, reviewer) in team.reviewers.enumerated() {
            let name = "reviewer-\(seat + 1)"
            let decided = try await timed("committee", name, sent: ask, &outcome.transcript) {
                try await reviewer.review(ask)
            } record: {
                .decided(
                    $0,
                    "\($0.value.perspective): "
                        + $0.value.proposals.map { "\($0.rank). \($0.strategy)" }.joined(separator: " "))
            }
            records.append(ReviewRecord(review: decided.value, decidedBy: decided.decidedBy, note: decided.note))
        }
        let merged = RankingMerge.merge(records.map(\.review), depth: settings.depth)
        let top = Array(merged.prefix(settings.topK))
        var notes: [String] = []
        if top.count < settings.topK {
            notes.append(
                """
                --top-k \(settings.topK) asked, but the reviewers proposed \(merged.count) distinct \
                strateg\(merged.count == 1 ? "y" : "ies"): all of them are tried
                """
            )
        }
        progress("committee: merged ranking " + merged.map { "\($0.strategy) (\($0.points))" }.joined(separator: ", "))
        let specs = top.map { settings.assembly.spec(base, strategy: $0.strategy) }
        let trials = try await trial(specs, width: settings.parallelTrials)
        var candidates: [CommitteeCandidate] = []
        let metric = CommitteeMetric(outcome.plan?.setup["metric"])
        if let note = metric.note { notes.append(note) }
        for (i, proposal) in top.enumerated() {
            let (result, seconds) = trials[i]
            let candidate = CommitteeCandidate(
                strategy: proposal.strategy, mergedRank: i + 1, points: proposal.points,
                supporters: proposal.supporters, spec: specs[i], trial: result, score: metric.value(of: result))
            candidates.append(candidate)
            outcome.transcript.append(
                TranscriptEntry(
                    stage: "committee-trial", role: "evaluator",
                    summary: "\(proposal.strategy): \(metric.name) \(candidate.trialText)", seconds: seconds,
                    sent: JSONValue.encoding(specs[i]), received: JSONValue.encoding(result)))
            progress("committee trial \(proposal.strategy): \(metric.name) \(candidate.trialText)")
        }
        let verdict = CommitteeVerdict.choose(candidates, by: metric)
        let record = CommitteeOutcome(
            reviewers: team.reviewers.count, topK: settings.topK, metric: metric, reviews: records, merged: merged,
            candidates: candidates, chosen: verdict.index.map { candidates[$0].strategy }, why: verdict.why,
            notes: notes)
        if let i = verdict.index {
            outcome.spec = candidates[i].spec
            outcome.trials.append(candidates[i].trial)
        }
        outcome.committee = record
        outcome.transcript.append(
            TranscriptEntry(
                stage: "committee", role: "committee",
                summary: "chose \(record.chosen ?? "none of the proposals"): \(verdict.why)", seconds: 0,
                sent: JSONValue.encoding(top.map(\.strategy)), received: JSONValue.encoding(record)))
        progress("committee: \(record.chosen ?? "kept the evaluated spec") — \(verdict.why)")
        return outcome
    }

    /// Each spec's trial by the evaluator, at most `width` at once, in `specs` order, with the
    /// seconds each took.
    private func trial(_ specs: [FederationSpec], width: Int) async throws -> [(TrialResult, Double)] {
        let deadline = max(bounds.evaluationDeadline, bounds.callDeadline ?? .zero)
        let evaluator = team.evaluator
        return try await withThrowingTaskGroup(of: (Int, TrialResult, Double).self) { group in
            var results: [(TrialResult, Double)?] = Array(repeating: nil, count: specs.count)
            var next = 0
            func start() {
                let i = next
                let spec = specs[i]
                next += 1
                group.addTask {
                    let started = ContinuousClock.now
                    let result = try await call("evaluator", deadline: deadline) { try await evaluator.evaluate(spec) }
                    return (i, result, (ContinuousClock.now - started).seconds)
                }
            }
            while next < min(width, specs.count) { start() }
            while let (i, result, seconds) = try await group.next() {
                results[i] = (result, seconds)
                if next < specs.count { start() }
            }
            return results.compactMap { $0 }
        }
    }
}
