/// One method after the committee's rankings are merged: its Borda points and who proposed it,
/// at which rank and why.
package struct MergedProposal: Codable, Sendable, Equatable {
    package struct Support: Codable, Sendable, Equatable {
        package var reviewer: String
        package var rank: Int
        package var reason: String
    }

    package var method: ProposedMethod
    package var points: Int
    /// The best rank any reviewer gave it.
    package var bestRank: Int
    package var supporters: [Support]
}

/// Merges the reviewers' rankings by a Borda count.
///
/// Every ballot has `depth` places: a proposal at rank `r` earns `depth − r + 1` points (the first
/// place `depth`, the last 1), a method a reviewer did not list earns nothing from that reviewer,
/// and a method listed twice by one reviewer counts at its better rank only. Two proposals are the
/// same method when strategy, add-ons and options are equal (``ProposedMethod``). Methods are ordered
/// by points; ties go to the better best rank, then to the more supporters, then to the order in
/// which they were first proposed (reviewer by reviewer, rank by rank), so the merge is deterministic.
/// A ranking outside the ballot (rank < 1 or > depth) is a reviewer's error and counts as no vote.
package enum RankingMerge {
    package static func merge(_ reviews: [Review], depth: Int) -> [MergedProposal] {
        var merged: [ProposedMethod: MergedProposal] = [:]
        var firstSeen: [ProposedMethod] = []
        for review in reviews {
            var voted: Set<ProposedMethod> = []
            for proposal in review.proposals.sorted(by: { $0.rank < $1.rank })
            where (1...max(1, depth)).contains(proposal.rank) && !voted.contains(proposal.method) {
                voted.insert(proposal.method)
                let points = depth - proposal.rank + 1
                let support = MergedProposal.Support(
                    reviewer: review.reviewer, rank: proposal.rank, reason: proposal.reason)
                if var entry = merged[proposal.method] {
                    entry.points += points
                    entry.bestRank = min(entry.bestRank, proposal.rank)
                    entry.supporters.append(support)
                    merged[proposal.method] = entry
                } else {
                    firstSeen.append(proposal.method)
                    merged[proposal.method] = MergedProposal(
                        method: proposal.method, points: points, bestRank: proposal.rank, supporters: [support])
                }
            }
        }
        let order = Dictionary(uniqueKeysWithValues: firstSeen.enumerated().map { ($1, $0) })
        return merged.values.sorted { a, b in
            if a.points != b.points { return a.points > b.points }
            if a.bestRank != b.bestRank { return a.bestRank < b.bestRank }
            if a.supporters.count != b.supporters.count { return a.supporters.count > b.supporters.count }
            return order[a.method, default: .max] < order[b.method, default: .max]
        }
    }
}
