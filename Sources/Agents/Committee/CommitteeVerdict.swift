/// Keeps the best of the committee's candidates by the request's metric.
///
/// Only a candidate whose trial passed L1 and L2 and measured the metric can be kept. Among them the
/// best value wins; equal values go to the better merged rank (the committee's own preference). When
/// none qualifies, nothing is chosen and the workflow's evaluated spec stands.
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
        return (
            best,
            """
            \(winner.method.text) has the \(direction) \(metric.name) of the \(candidates.count) trial(s): \
            \(winner.trialText)
            """
                + (others.isEmpty ? "" : " against " + others.joined(separator: ", "))
                + (tie ? "; tied, so the better merged rank (\(winner.mergedRank)) decides" : "")
                + "; merged rank \(winner.mergedRank) with \(winner.points) Borda points"
        )
    }
}
