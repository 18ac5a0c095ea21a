/// The methods chosen for a request: one aggregation strategy, add-ons of other kinds, and why.
public struct MethodChoice: Sendable, Equatable, Codable {
    /// The aggregation strategy; its id is one of `Vocabulary.strategies`.
    public var primary: MethodCard
    /// At most one card of each other kind (selection, compression, participation, …), in
    /// `MethodCard.Kind` order.
    public var addOns: [MethodCard]
    /// Every card that matched a challenge or the text, best first.
    public var ranking: [ScoredMethod]
    /// Detected challenges that neither the primary nor an add-on addresses.
    public var uncovered: [Challenge]
    /// One line per decision, in words, for the plan and the logs.
    public var rationale: [String]
}

/// A card's score for one request, with its parts.
public struct ScoredMethod: Sendable, Equatable, Codable {
    public var card: MethodCard
    /// The detected challenges the card addresses.
    public var matched: [Challenge]
    /// The card's BM25 score divided by the best BM25 score over the catalog (0...1).
    public var retrieval: Double
    /// `matched.count + MethodChooser.retrievalWeight · retrieval`.
    public var score: Double
}
