import Federation
import Foundation
import Topology

/// The checked set of method cards the agents choose from.
///
/// `bundled()` loads `methods.json` from the module resources. Every way of building a catalog runs
/// the same checks, so a catalog that exists is consistent: unique ids, vocabulary names for
/// strategies, samplings and compressions, at least one challenge and hook per card, a server hook for
/// every strategy, client hooks paired with the server hooks they rely on (`hookPairs`), and
/// hyper-parameter defaults inside their ranges. A strategy card's hyper-parameters are its
/// strategy's options (`StrategyDescriptor.options` in Federation): a card that lists none gets them from the
/// registry, and one that lists some may name only options the strategy has.
package struct MethodCatalog: Sendable {
    /// The cards in file order.
    package let cards: [MethodCard]

    /// Checks `cards` and builds the catalog.
    package init(cards: [MethodCard]) throws(CatalogError) {
        var seen: Set<String> = []
        var cards = cards
        for i in cards.indices {
            try Self.link(&cards[i])
            let card = cards[i]
            try Self.check(card)
            guard seen.insert(card.id).inserted else {
                throw .invalidCard(card.id, "the id appears more than once; give each card its own id")
            }
        }
        self.cards = cards
    }

    /// Decodes a JSON array of cards and checks them.
    package init(json: Data) throws(CatalogError) {
        let decoded: [MethodCard]
        do {
            decoded = try JSONDecoder().decode([MethodCard].self, from: json)
        } catch {
            throw .malformed(String(describing: error))
        }
        try self.init(cards: decoded)
    }

    /// Loads the catalog shipped with the module (`Catalog/methods.json`).
    package static func bundled() throws(CatalogError) -> MethodCatalog {
        guard let url = Bundle.module.url(forResource: "methods", withExtension: "json") else {
            throw .resourceMissing()
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable("\(url.path): \(error.localizedDescription)")
        }
        return try MethodCatalog(json: data)
    }

    /// The card with this id, if any.
    package func card(id: String) -> MethodCard? {
        cards.first { $0.id == id }
    }

    /// The cards of one kind, in file order.
    package func cards(of kind: MethodCard.Kind) -> [MethodCard] {
        cards.filter { $0.kind == kind }
    }

    /// A strategy card's hyper-parameters from its strategy's descriptor, or checked against it.
    private static func link(_ card: inout MethodCard) throws(CatalogError) {
        guard card.kind == .strategy, let descriptor = StrategyRegistry.current.descriptor(named: card.id) else {
            return
        }
        if card.hyperParameters.isEmpty {
            card.hyperParameters = descriptor.options.map {
                HyperParameter(
                    name: $0.name, meaning: $0.meaning, defaultValue: $0.defaultValue, minimum: $0.typical.lowerBound,
                    maximum: $0.typical.upperBound)
            }
        }
        for p in card.hyperParameters where descriptor.option(p.name) == nil {
            let valid = descriptor.options.map(\.name)
            throw .invalidCard(
                card.id,
                """
                hyper-parameter '\(p.name)' is not an option of strategy \(descriptor.name) \
                (\(valid.isEmpty ? "none" : valid.joined(separator: ", "))); leave hyperParameters empty to take the \
                strategy's own
                """
            )
        }
    }

    private static func check(_ card: MethodCard) throws(CatalogError) {
        let id = card.id.isEmpty ? "<empty id>" : card.id
        guard !card.id.isEmpty, !card.name.isEmpty, !card.idea.isEmpty else {
            throw .invalidCard(id, "id, name and idea must not be empty")
        }
        if let names = vocabulary(for: card.kind), !names.contains(card.id) {
            throw .invalidCard(id, "a \(card.kind.rawValue) id must be one of \(names.joined(separator: ", "))")
        }
        guard !card.challenges.isEmpty else {
            throw .invalidCard(id, "list at least one challenge the method addresses")
        }
        guard !card.clientHooks.isEmpty || !card.serverHooks.isEmpty else {
            throw .invalidCard(id, "list at least one client or server hook")
        }
        if card.kind == .strategy, card.serverHooks.isEmpty {
            throw .invalidCard(id, "a strategy aggregates, so it needs at least one server hook")
        }
        for (client, server) in hookPairs where card.clientHooks.contains(client) && !card.serverHooks.contains(server)
        {
            throw .invalidCard(id, "client hook \(client.rawValue) needs the server hook \(server.rawValue)")
        }
        if card.clientHooks.contains(.errorFeedback), !card.clientHooks.contains(.compressUpdate) {
            throw .invalidCard(id, "errorFeedback only makes sense with compressUpdate")
        }
        var names: Set<String> = []
        for p in card.hyperParameters {
            guard names.insert(p.name).inserted else {
                throw .invalidCard(id, "hyper-parameter '\(p.name)' is listed twice")
            }
            guard p.minimum <= p.defaultValue, p.defaultValue <= p.maximum else {
                throw .invalidCard(id, "hyper-parameter '\(p.name)' needs minimum ≤ defaultValue ≤ maximum")
            }
        }
        guard !card.citation.authors.isEmpty, (1950...2100).contains(card.citation.year) else {
            throw .invalidCard(id, "the citation needs authors and a plausible year")
        }
    }

    /// Client hooks that only work when the server does its part.
    static let hookPairs: [(ClientHook, ServerHook)] = [
        (.compressUpdate, .decompressUpdates), (.controlVariate, .serverState),
        (.trainSubModel, .sliceAwareAggregation),
        (.asynchronousUpload, .bufferedAggregation), (.keepLocalLayers, .partialAggregation),
    ]

    /// The vocabulary list a kind's ids must come from, if the topology format names that kind.
    static func vocabulary(for kind: MethodCard.Kind) -> [String]? {
        switch kind {
        case .strategy: Vocabulary.strategies
        case .selection: Vocabulary.samplings
        case .compression: Vocabulary.compressions
        default: nil
        }
    }
}
