import ActorMesh
import Federation
import Foundation

extension AgentWorkflow {
    /// The committee after the evaluated spec: every reviewer ranks whole methods, the rankings are
    /// merged (``RankingMerge``), the top-k distinct proposals that assemble into runnable specs
    /// (``CommitteeAssembly``; a refused one gives its place to the next) are tried by the
    /// evaluator, `parallelTrials` at a time, and the best by the plan's metric is kept
    /// (``CommitteeVerdict``). The plan and the spec are then restated for the chosen method, saying
    /// the committee chose it and how it scored against the others. Every exchange, refusal and the
    /// choice go to the transcript; the outcome carries the committee's record.
    func convene(_ settings: CommitteeSettings, request: String, outcome start: WorkflowOutcome) async throws
        -> WorkflowOutcome
    {
        var outcome = start
        guard let base = outcome.spec, let plan = outcome.plan else { return outcome }
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
                        + $0.value.proposals.map { "\($0.rank). \($0.method.text)" }.joined(separator: " ")
                        + ($0.value.refused.isEmpty ? "" : "; refused: " + $0.value.refused.joined(separator: "; ")))
            }
            records.append(ReviewRecord(review: decided.value, decidedBy: decided.decidedBy, note: decided.note))
        }
        let merged = RankingMerge.merge(records.map(\.review), depth: settings.depth)
        progress(
            "committee: merged ranking " + merged.map { "\($0.method.text) (\($0.points))" }.joined(separator: ", "))
        let (top, refused) = assemble(merged, settings: settings, base: base, plan: plan, &outcome.transcript)
        var notes: [String] = []
        if top.count < settings.topK {
            notes.append(
                "--top-k \(settings.topK) asked, but the reviewers proposed \(merged.count) distinct method"
                    + (merged.count == 1 ? "" : "s")
                    + (refused.isEmpty ? "" : ", \(refused.count) of which could not be assembled")
                    + ": every one that could is tried")
        }
        let trials = try await trial(top.map(\.assembled.spec), width: settings.parallelTrials)
        let metric = CommitteeMetric(plan.setup["metric"])
        if let note = metric.note { notes.append(note) }
        let candidates = scored(trials, of: top, by: metric, &outcome.transcript)
        let verdict = CommitteeVerdict.choose(candidates, by: metric)
        var record = CommitteeOutcome(
            reviewers: team.reviewers.count, topK: settings.topK, metric: metric, reviews: records, merged: merged,
            candidates: candidates, chosen: verdict.index.map { candidates[$0].method }, why: verdict.why,
            notes: notes)
        record.refused = refused
        if let i = verdict.index, let line = record.choiceLine {
            var spec = candidates[i].spec
            spec.comments = (spec.comments ?? []) + ["method: \(line)"]
            outcome.spec = spec
            outcome.trials.append(candidates[i].trial)
            let restated = plan.chosen(
                candidates[i].method, steps: top[i].assembled.steps, over: settings.assembly.teamMethod(plan),
                line: line, catalog: settings.assembly.catalog)
            outcome.plan = restated
            outcome.transcript.append(
                TranscriptEntry(
                    stage: "plan", role: "committee", summary: "final plan: \(restated.summary) — \(line)", seconds: 0,
                    sent: JSONValue.encoding(plan), received: JSONValue.encoding(restated)))
        }
        outcome.committee = record
        outcome.transcript.append(
            TranscriptEntry(
                stage: "committee", role: "committee",
                summary: "chose \(record.chosen?.text ?? "none of the proposals"): \(verdict.why)", seconds: 0,
                sent: JSONValue.encoding(top.map(\.proposal.method)), received: JSONValue.encoding(record)))
        progress("committee: \(record.chosen?.text ?? "kept the evaluated spec") — \(verdict.why)")
        return outcome
    }

    /// The tried proposals as candidates scored by `metric`, each trial written to the transcript and
    /// the console (with the data it trained on, under `auto --data`).
    private func scored(
        _ trials: [(TrialResult, Double)], of top: [AssembledProposal], by metric: CommitteeMetric,
        _ transcript: inout [TranscriptEntry]
    ) -> [CommitteeCandidate] {
        var candidates: [CommitteeCandidate] = []
        for (i, entry) in top.enumerated() {
            let (result, seconds) = trials[i]
            let candidate = CommitteeCandidate(
                method: entry.proposal.method, mergedRank: entry.rank, points: entry.proposal.points,
                supporters: entry.proposal.supporters, spec: entry.assembled.spec, trial: result,
                score: metric.value(of: result))
            candidates.append(candidate)
            let line =
                "\(candidate.method.text): \(metric.name) \(candidate.trialText)"
                + Self.dataNote(result, asked: trialData)
            transcript.append(
                TranscriptEntry(
                    stage: "committee-trial", role: "evaluator", summary: line, seconds: seconds,
                    sent: JSONValue.encoding(TrialRequest(spec: entry.assembled.spec, data: trialData)),
                    received: JSONValue.encoding(result)))
            progress("committee trial " + line)
        }
        return candidates
    }

    /// One merged proposal assembled for a trial, at its place in the merged ranking.
    struct AssembledProposal {
        var proposal: MergedProposal
        var rank: Int
        var assembled: CommitteeAssembly.Assembled
    }

    /// The first `topK` merged proposals that assemble, in merged order, and those refused before
    /// them, each refusal written to the transcript.
    private func assemble(
        _ merged: [MergedProposal], settings: CommitteeSettings, base: FederationSpec, plan: Plan,
        _ transcript: inout [TranscriptEntry]
    ) -> ([AssembledProposal], [RefusedProposal]) {
        var top: [AssembledProposal] = []
        var refused: [RefusedProposal] = []
        for (i, proposal) in merged.enumerated() where top.count < settings.topK {
            do {
                let assembled = try settings.assembly.assemble(
                    proposal.method, on: base, plan: plan, strategies: settings.options)
                top.append(AssembledProposal(proposal: proposal, rank: i + 1, assembled: assembled))
            } catch {
                refused.append(RefusedProposal(method: proposal.method, mergedRank: i + 1, why: error.description))
                transcript.append(
                    TranscriptEntry(
                        stage: "committee-assembly", role: "committee",
                        summary: "\(proposal.method.text) not assembled: \(error.description)", seconds: 0,
                        sent: JSONValue.encoding(proposal.method)))
                progress("committee: \(proposal.method.text) not assembled — \(error.description)")
            }
        }
        return (top, refused)
    }

    /// Each spec's trial by the evaluator, at most `width` at once, in `specs` order, with the
    /// seconds each took.
    private func trial(_ specs: [FederationSpec], width: Int) async throws -> [(TrialResult, Double)] {
        let deadline = max(bounds.evaluationDeadline, bounds.callDeadline ?? .zero)
        let (evaluator, data) = (team.evaluator, trialData)
        return try await withThrowingTaskGroup(of: (Int, TrialResult, Double).self) { group in
            var results: [(TrialResult, Double)?] = Array(repeating: nil, count: specs.count)
            var next = 0
            func start() {
                let i = next
                let spec = specs[i]
                next += 1
                group.addTask {
                    let started = ContinuousClock.now
                    let result = try await call("evaluator", deadline: deadline) {
                        try await evaluator.evaluate(spec, data: data)
                    }
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
