/// One reviewer's answer as the committee recorded it: the review and who decided it.
package struct ReviewRecord: Codable, Sendable, Equatable {
    package var review: Review
    /// `expert`, `llm`, or `expert (fallback)` when the LLM gave no valid ranking.
    package var decidedBy: String
    package var note: String?
}

/// One of the top-k proposals, assembled, and its trial.
package struct CommitteeCandidate: Codable, Sendable, Equatable {
    package var method: ProposedMethod
    /// Its place in the merged ranking (1 = most points).
    package var mergedRank: Int
    package var points: Int
    package var supporters: [MergedProposal.Support]
    /// The spec it was assembled into.
    package var spec: FederationSpec
    package var trial: TrialResult
    /// The trial's value of the request's metric (nil: not measured).
    package var score: Double?

    package init(
        method: ProposedMethod, mergedRank: Int, points: Int, supporters: [MergedProposal.Support],
        spec: FederationSpec,
        trial: TrialResult, score: Double?
    ) {
        self.method = method
        self.mergedRank = mergedRank
        self.points = points
        self.supporters = supporters
        self.spec = spec
        self.trial = trial
        self.score = score
    }

    /// Whether the trial passed L1 and L2 and measured the metric: only such a candidate can be kept.
    package var eligible: Bool { trial.diagnosis.passed && score != nil }

    /// The trial in a few words: the score, or what failed.
    package var trialText: String {
        let value = score.map { String(format: "%.4f", $0) } ?? "not measured"
        guard trial.diagnosis.passed else {
            return "failed ("
                + trial.diagnosis.issues.map { "\($0.level.rawValue) \($0.finding.rawValue)" }.joined(
                    separator: ", ") + "), \(value)"
        }
        return value
    }
}

/// A merged proposal that could not be assembled into a runnable spec, and why; the next proposal
/// of the merged ranking is tried in its place.
package struct RefusedProposal: Codable, Sendable, Equatable {
    package var method: ProposedMethod
    package var mergedRank: Int
    package var why: String
}

/// Everything the committee did: the reviews, the merged ranking, the top-k candidates and their
/// trials, and the choice with why. Written to the transcript, committee.json and report.json.
package struct CommitteeOutcome: Codable, Sendable, Equatable {
    package var reviewers: Int
    package var topK: Int
    package var metric: CommitteeMetric
    package var reviews: [ReviewRecord]
    /// Every proposed method, Borda order (``RankingMerge``).
    package var merged: [MergedProposal]
    /// Merged proposals that could not be assembled (none of them is tried).
    package var refused: [RefusedProposal] = []
    package var candidates: [CommitteeCandidate]
    /// The method kept, or nil when no candidate passed its trial (the workflow's spec stands).
    package var chosen: ProposedMethod?
    package var why: String
    /// What the committee could not do as asked (fewer distinct proposals than top-k…).
    package var notes: [String]

    /// The outcome as the console shows it.
    package var lines: [String] {
        var lines = [
            "committee: \(reviewers) reviewer(s), rankings merged by Borda count, top \(topK) tried, by \(metric.name)"
        ]
        for record in reviews {
            lines.append(
                "  \(record.review.reviewer) (\(record.review.perspective), decided by \(record.decidedBy)):")
            for p in record.review.proposals { lines.append("    \(p.rank). \(p.method.text) — \(p.reason)") }
            for why in record.review.refused { lines.append("    refused: \(why)") }
        }
        lines.append("  merged ranking:")
        for (i, m) in merged.enumerated() {
            let by = m.supporters.map { "\($0.reviewer) #\($0.rank)" }.joined(separator: ", ")
            lines.append("    \(i + 1). \(m.method.text): \(m.points) points (\(by))")
        }
        lines.append("  trials (each proposal assembled as its whole method):")
        for c in candidates {
            lines.append("    \(c.method.text) (merged rank \(c.mergedRank)): \(metric.name) \(c.trialText)")
        }
        for r in refused {
            lines.append("    \(r.method.text) (merged rank \(r.mergedRank)): not assembled — \(r.why)")
        }
        for note in notes { lines.append("  note: \(note)") }
        lines.append("  chosen: \(chosen?.text ?? "none of the proposals") — \(why)")
        return lines
    }
}
