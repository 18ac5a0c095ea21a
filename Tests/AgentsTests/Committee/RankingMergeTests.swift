import Agents
import Testing

/// The Borda merge of the committee's rankings, on hand-made ballots.
struct RankingMergeTests {
    static func review(_ name: String, _ strategies: [String]) -> Review {
        Review(
            reviewer: name, perspective: "test",
            proposals: strategies.enumerated().map {
                Proposal(strategy: $1, rank: $0 + 1, reason: "\(name) says \($1)")
            })
    }

    @Test func bordaPointsDecideTheOrderAndKeepEverySupporter() {
        // Prepare: ballots of 3 places: rank 1 earns 3 points, rank 2 earns 2, rank 3 earns 1.
        let reviews = [
            Self.review("reviewer-1", ["fedprox", "scaffold", "fedavg"]),
            Self.review("reviewer-2", ["scaffold", "fedprox", "krum"]),
            Self.review("reviewer-3", ["scaffold", "fedmedian", "fedprox"]),
        ]

        // Execute
        let merged = RankingMerge.merge(reviews, depth: 3)

        // Assert: scaffold 2+3+3 = 8, fedprox 3+2+1 = 6, fedmedian 2, then fedavg and krum with 1 each.
        #expect(merged.map(\.method.strategy) == ["scaffold", "fedprox", "fedmedian", "fedavg", "krum"])
        #expect(merged.map(\.points) == [8, 6, 2, 1, 1])
        #expect(merged[0].bestRank == 1)
        #expect(merged[1].supporters.map(\.reviewer) == ["reviewer-1", "reviewer-2", "reviewer-3"])
        #expect(merged[1].supporters.map(\.rank) == [1, 2, 3])
        #expect(merged[2].supporters.first?.reason == "reviewer-3 says fedmedian")
    }

    @Test func tiesGoToTheBetterBestRankThenMoreSupportersThenTheFirstProposed() {
        // a: 3 points from one first place; b: 3 points from a second and a third place (2 + 1).
        let byRank = RankingMerge.merge(
            [Self.review("r1", ["a", "x", "b"]), Self.review("r2", ["y", "b", "z"])], depth: 3)
        #expect(byRank.first { $0.points == 3 }?.method.strategy == "a")
        #expect(byRank.map(\.method.strategy).firstIndex(of: "a")! < byRank.map(\.method.strategy).firstIndex(of: "b")!)

        // Equal points and best rank: the one more reviewers proposed.
        let bySupport = RankingMerge.merge(
            [Self.review("r1", ["p", "q", "s"]), Self.review("r2", ["t", "u", "s"]), Self.review("r3", ["v", "q"])],
            depth: 4)
        // q: 3 + 3 = 6 over two reviewers, best rank 2; p: 4 (one first place)… compare s (2 + 2 = 4, best 3) and p (4, best 1).
        #expect(bySupport.first?.method.strategy == "q")
        #expect(bySupport.map(\.method.strategy).prefix(4) == ["q", "p", "t", "v"])

        // All equal: the first proposed (reviewer order, then rank) comes first.
        let byOrder = RankingMerge.merge([Self.review("r1", ["m"]), Self.review("r2", ["n"])], depth: 3)
        #expect(byOrder.map(\.method.strategy) == ["m", "n"])
    }

    @Test func aDuplicateCountsOnceAndARankOutsideTheBallotCountsNot() {
        let sloppy = Review(
            reviewer: "r1", perspective: "test",
            proposals: [
                Proposal(strategy: "fedavg", rank: 1, reason: ""), Proposal(strategy: "fedavg", rank: 2, reason: ""),
                Proposal(strategy: "krum", rank: 0, reason: ""), Proposal(strategy: "moon", rank: 4, reason: ""),
            ])

        let merged = RankingMerge.merge([sloppy], depth: 3)

        #expect(merged.map(\.method.strategy) == ["fedavg"])
        #expect(merged.first?.points == 3 && merged.first?.supporters.count == 1)
    }

    /// A method is its strategy, add-ons and options: the same strategy with another add-on is
    /// another proposal, the same method from two reviewers one.
    @Test func methodsWithOtherAddOnsOrOptionsAreDistinctProposals() {
        let filtered = ProposedMethod(strategy: "fedavg", addOns: ["small-loss-filter"])
        let stronger = ProposedMethod(
            strategy: "fedavg", addOns: ["small-loss-filter"], options: ["drop_fraction": 0.4])
        let reviews = [
            Review(
                reviewer: "r1", perspective: "test",
                proposals: [
                    Proposal(method: filtered, rank: 1, reason: "a"),
                    Proposal(strategy: "fedavg", rank: 2, reason: "b"),
                ]),
            Review(
                reviewer: "r2", perspective: "test",
                proposals: [
                    Proposal(method: filtered, rank: 1, reason: "c"), Proposal(method: stronger, rank: 2, reason: "d"),
                ]),
        ]

        let merged = RankingMerge.merge(reviews, depth: 3)

        #expect(merged.map(\.method) == [filtered, ProposedMethod(strategy: "fedavg"), stronger])
        #expect(merged.first?.points == 6 && merged.first?.supporters.map(\.reviewer) == ["r1", "r2"])
        #expect(
            merged.map(\.method.text) == [
                "fedavg + small-loss-filter", "fedavg", "fedavg + small-loss-filter (drop_fraction=0.4)",
            ])
    }
}
