/// BM25 search over the catalog's cards (`MethodCard.retrievalText`).
package struct MethodRetriever: Sendable {
    package let catalog: MethodCatalog
    private let index: BM25Index

    package init(catalog: MethodCatalog, tokenizer: Tokenizer = Tokenizer()) {
        self.catalog = catalog
        index = BM25Index(documents: catalog.cards.map(\.retrievalText), tokenizer: tokenizer)
    }

    /// The cards matching `query`, best first, at most `limit` of them (all when nil).
    package func search(_ query: String, limit: Int? = nil) -> [RankedMethod] {
        let ranked = index.rank(query).map { RankedMethod(card: catalog.cards[$0.document], score: $0.score) }
        guard let limit else { return ranked }
        return Array(ranked.prefix(max(0, limit)))
    }
}

/// A card with its BM25 score for some query.
package struct RankedMethod: Sendable, Equatable {
    package var card: MethodCard
    package var score: Double
}
