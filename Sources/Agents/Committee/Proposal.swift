/// One strategy a reviewer proposes, at its rank (1 = best) in the reviewer's list, with why.
package struct Proposal: Codable, Sendable, Equatable {
    /// The strategy's id, one of those this build runs.
    package var strategy: String
    package var rank: Int
    package var reason: String

    package init(strategy: String, rank: Int, reason: String) {
        self.strategy = strategy
        self.rank = rank
        self.reason = reason
    }
}

/// One reviewer's ranked proposals: who (`reviewer-1`…), from which perspective (an expert prior's
/// name, or `llm`), and who decided (`expert`, `llm`, `expert (fallback)`).
package struct Review: Codable, Sendable, Equatable {
    package var reviewer: String
    package var perspective: String
    package var proposals: [Proposal]

    package init(reviewer: String, perspective: String, proposals: [Proposal]) {
        self.reviewer = reviewer
        self.perspective = perspective
        self.proposals = proposals
    }
}

/// What each reviewer is asked: the request, the strategies this build runs, and how many to rank.
package struct ReviewRequest: Codable, Sendable, Equatable {
    package var request: String
    package var options: [String]
    /// The most proposals one reviewer may rank (its ballot's length).
    package var depth: Int

    package init(request: String, options: [String], depth: Int) {
        self.request = request
        self.options = options
        self.depth = depth
    }
}
