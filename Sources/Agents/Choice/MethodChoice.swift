/// The methods chosen for a request: one aggregation strategy, add-ons of other kinds, and why.
package struct MethodChoice: Sendable, Equatable, Codable {
    /// The aggregation strategy; its id is one of `Vocabulary.strategies`.
    package var primary: MethodCard
    /// At most one card of each other kind (selection, compression, participation, …), in
    /// `MethodCard.Kind` order.
    package var addOns: [MethodCard]
    /// Every card that matched a challenge or the text, best first.
    package var ranking: [ScoredMethod]
    /// Detected challenges that neither the primary nor an add-on addresses.
    package var uncovered: [Challenge]
    /// One line per decision, in words, for the plan and the logs.
    package var rationale: [String]
}

/// A card's score for one request, with its parts.
package struct ScoredMethod: Sendable, Equatable, Codable {
    package var card: MethodCard
    /// The detected challenges the card addresses.
    package var matched: [Challenge]
    /// The card's BM25 score divided by the best BM25 score over the catalog (0...1).
    package var retrieval: Double
    /// `matched.count + MethodChooser.retrievalWeight · retrieval`.
    package var score: Double
}
