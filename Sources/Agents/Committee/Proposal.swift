/// One method a reviewer proposes, at its rank (1 = best) in the reviewer's list, with why.
package struct Proposal: Codable, Sendable, Equatable {
    /// The whole method: a strategy this build runs, its add-ons and options.
    package var method: ProposedMethod
    package var rank: Int
    package var reason: String

    package init(method: ProposedMethod, rank: Int, reason: String) {
        self.method = method
        self.rank = rank
        self.reason = reason
    }

    /// A proposal of a strategy alone, at its defaults.
    package init(strategy: String, rank: Int, reason: String) {
        self.init(method: ProposedMethod(strategy: strategy), rank: rank, reason: reason)
    }
}

/// One reviewer's ranked proposals: who (`reviewer-1`…), from which perspective (an expert prior's
/// name, or `llm`), and who decided (`expert`, `llm`, `expert (fallback)`).
package struct Review: Codable, Sendable, Equatable {
    package var reviewer: String
    package var perspective: String
    package var proposals: [Proposal]
    /// The reviewer's proposals that could not be built (a name not in the catalog, two strategies,
    /// an option out of range), each with why; they are not ranked.
    package var refused: [String]

    package init(reviewer: String, perspective: String, proposals: [Proposal], refused: [String] = []) {
        self.reviewer = reviewer
        self.perspective = perspective
        self.proposals = proposals
        self.refused = refused
    }
}

/// What each reviewer is asked: the request, the strategies this build runs (the add-ons are the
/// catalog's cards the composer builds), and how many methods to rank.
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
