/// Keeps the best of the committee's candidates by the request's metric.
///
/// Only a candidate whose trial passed L1 and L2 and measured the metric can be kept. Among them the
/// best value leads; equal values go to the better merged rank (the committee's own preference). A
/// trial's score is a measurement on a few hundred test samples, so a lead within the bench's noise
/// band (``BenchNoise``: max(0.01, 1.96·√(2p̄(1−p̄)/n)) over the n samples the metric was measured on)
/// is no evidence: then the candidate the reviewers ranked higher among those within the band of the
/// best is kept, and `why` says so. Without a known sample count (and for bytes, counted exactly) the
/// best value is kept. When none qualifies, nothing is chosen and the workflow's evaluated spec stands.
package enum CommitteeVerdict {
    package static func choose(_ candidates: [CommitteeCandidate], by metric: CommitteeMetric) -> (
        index: Int?, why: String
    ) {
        let eligible = candidates.indices.filter { candidates[$0].eligible }
        guard let first = eligible.first else {
            let failures = candidates.map { "\($0.method.text) \($0.trialText)" }.joined(separator: "; ")
            return (
                nil,
                """
                no proposal passed its trial (\(failures.isEmpty ? "none was tried" : failures)): the workflow's \
                evaluated spec stands
                """
            )
        }
        var best = first
        for i in eligible.dropFirst() {
            if let a = candidates[i].score, let b = candidates[best].score, metric.better(a, than: b) { best = i }
        }
        let winner = candidates[best]
        let others = candidates.indices.filter { $0 != best }.map {
            "\(candidates[$0].method.text) \(candidates[$0].trialText)"
        }
        let direction = metric.higherIsBetter ? "highest" : "lowest"
        let tie = eligible.contains { $0 != best && candidates[$0].score == winner.score }
        let measured =
            """
            \(winner.method.text) has the \(direction) \(metric.name) of the \(candidates.count) trial(s): \
            \(winner.trialText)
            """
            + (others.isEmpty ? "" : " against " + others.joined(separator: ", "))
        if let (kept, band, samples) = withinNoise(of: best, eligible, candidates, metric) {
            let chosen = candidates[kept]
            return (
                kept,
                measured
                    + """
                    ; \(chosen.method.text)'s \(chosen.trialText) is within the noise band of it (±\
                    \(String(format: "%.4f", band)) over \(samples) samples, the bench's rule), so the reviewers' \
                    higher-ranked proposal is kept: merged rank \(chosen.mergedRank) against \(winner.mergedRank), \
                    with \(chosen.points) Borda points
                    """
            )
        }
        return (
            best,
            measured
                + (tie ? "; tied, so the better merged rank (\(winner.mergedRank)) decides" : "")
                + "; merged rank \(winner.mergedRank) with \(winner.points) Borda points"
        )
    }

    /// The best-ranked eligible candidate ranked above `best` by the reviewers whose score is within the
    /// noise band of `best`'s, with that band and the samples it was computed over; nil when there is none.
    static func withinNoise(
        of best: Int, _ eligible: [Int], _ candidates: [CommitteeCandidate], _ metric: CommitteeMetric
    ) -> (index: Int, band: Double, samples: Int)? {
        guard let top = candidates[best].score, let topSamples = metric.samples(of: candidates[best].trial) else {
            return nil
        }
        let ranked = eligible.filter { candidates[$0].mergedRank < candidates[best].mergedRank }.sorted {
            candidates[$0].mergedRank < candidates[$1].mergedRank
        }
        for i in ranked {
            guard let score = candidates[i].score, let samples = metric.samples(of: candidates[i].trial) else {
                continue
            }
            let n = min(samples, topSamples)
            let band = BenchNoise.band(score, top, samples: n)
            if abs(score - top) <= band { return (i, band, n) }
        }
        return nil
    }
}
