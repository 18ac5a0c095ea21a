import Foundation

/// Why a proposed method cannot be built; the message says what to propose instead. It goes back to
/// an LLM reviewer verbatim and into the transcript and report when a proposal is refused.
package struct ProposalRefused: Error, Sendable, Equatable, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

extension ProposedMethod {
    /// The add-on options the composer applies when it builds each add-on (``SpecComposer``'s client
    /// and strategy modules). Any other add-on option would be ignored by the build, so a proposal
    /// setting one is refused rather than run without it.
    static let builtAddOnOptions: [String: Set<String>] = [
        "small-loss-filter": ["drop_fraction", "ramp_rounds"], "local-finetune": ["fine_tune_steps"],
        "replay": ["memory", "share"], "ewc": ["lambda", "fisher_samples"], "topk": ["fraction"],
        "topk+q8": ["fraction"],
    ]

    /// Reads a method id as a reviewer writes it: catalog ids joined by `+`, spaces and case free
    /// (`FedAvg + small-loss-filter`, `fedprox+topk+q8`: a card id that itself holds `+` is matched
    /// whole, the longest first), then checks it (``checked(in:strategies:)``).
    package static func read(
        _ text: String, options: [String: Double] = [:], catalog: MethodCatalog, strategies: [String]
    ) throws(ProposalRefused) -> ProposedMethod {
        let tokens = text.lowercased().split(separator: "+", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard !tokens.contains(where: \.isEmpty) else {
            throw ProposalRefused(
                "\"\(text)\" is not a method id: write catalog ids joined by +, e.g. fedavg + small-loss-filter")
        }
        var ids: [String] = []
        var i = 0
        while i < tokens.count {
            let end = stride(from: tokens.count, to: i, by: -1).first {
                catalog.card(id: tokens[i..<$0].joined(separator: "+")) != nil
            }
            guard let end else {
                throw ProposalRefused(
                    """
                    "\(tokens[i])" is not in the catalog: propose only the listed strategy and add-on ids \
                    (\"\(text)\" refused)
                    """
                )
            }
            ids.append(tokens[i..<end].joined(separator: "+"))
            i = end
        }
        let strategiesNamed = ids.filter { catalog.card(id: $0)?.kind == .strategy }
        guard let strategy = strategiesNamed.first else {
            throw ProposalRefused(
                "\"\(text)\" names no strategy: a method starts with one of \(strategies.joined(separator: ", "))")
        }
        let method = ProposedMethod(strategy: strategy, addOns: ids.filter { $0 != strategy }, options: options)
        guard strategiesNamed.count == 1 else {
            throw ProposalRefused(
                """
                "\(text)" names \(strategiesNamed.count) strategies (\(strategiesNamed.joined(separator: ", "))): a \
                method aggregates with one
                """
            )
        }
        return try method.checked(in: catalog, strategies: strategies)
    }

    /// The method as the build can assemble it, add-ons in kind order, or why not: the strategy is
    /// one of `strategies`, every add-on a catalog card the composer builds, at most one per kind,
    /// none twice, and every option a setting one of its cards applies, inside the card's range.
    package func checked(in catalog: MethodCatalog, strategies: [String]) throws(ProposalRefused) -> ProposedMethod {
        guard let card = catalog.card(id: strategy), card.kind == .strategy else {
            throw ProposalRefused("\"\(strategy)\" is not a strategy of the catalog")
        }
        guard strategies.contains(strategy) else {
            throw ProposalRefused(
                "\(strategy) is not one of the strategies this build runs (\(strategies.joined(separator: ", ")))")
        }
        var cards: [MethodCard] = []
        for id in addOns {
            guard let addOn = catalog.card(id: id), addOn.kind != .strategy else {
                throw ProposalRefused("\"\(id)\" is not an add-on of the catalog")
            }
            guard SpecComposer.step(for: addOn) != nil else {
                throw ProposalRefused("\(id) (\(addOn.kind.rawValue)) has no implementation in this build")
            }
            if let twin = cards.first(where: { $0.kind == addOn.kind }) {
                throw ProposalRefused(
                    """
                    \(twin.id) and \(id) are both \(addOn.kind.rawValue) methods: a method takes at most one of each \
                    kind
                    """
                )
            }
            cards.append(addOn)
        }
        let order = MethodCard.Kind.allCases
        cards.sort { order.firstIndex(of: $0.kind) ?? 0 < order.firstIndex(of: $1.kind) ?? 0 }
        for (name, value) in options {
            try Self.check(option: name, value: value, among: [card] + cards)
        }
        return ProposedMethod(strategy: strategy, addOns: cards.map(\.id), options: options)
    }

    /// One option: set by exactly one of `cards` (the strategy, or an add-on that applies it) and
    /// inside that card's range.
    private static func check(option name: String, value: Double, among cards: [MethodCard]) throws(ProposalRefused) {
        let owners = cards.filter { card in
            card.hyperParameters.contains { $0.name == name }
                && (card.kind == .strategy || builtAddOnOptions[card.id, default: []].contains(name))
        }
        guard let owner = owners.first, let p = owner.hyperParameters.first(where: { $0.name == name }) else {
            let settable = cards.flatMap { card in
                card.hyperParameters.map(\.name).filter {
                    card.kind == .strategy || builtAddOnOptions[card.id, default: []].contains($0)
                }
            }
            throw ProposalRefused(
                "option \(name) is set by none of \(cards.map(\.id).joined(separator: ", ")) (settable: "
                    + (settable.isEmpty ? "none" : settable.joined(separator: ", ")) + ")")
        }
        guard owners.count == 1 else {
            throw ProposalRefused(
                "option \(name) belongs to \(owners.map(\.id).joined(separator: " and ")): leave it at its defaults")
        }
        guard value.isFinite, (p.minimum...p.maximum).contains(value) else {
            throw ProposalRefused(
                """
                option \(name)=\(format(value)) of \(owner.id) is outside its range \(format(p.minimum))...\
                \(format(p.maximum))
                """
            )
        }
    }

    /// The method as the composer's choice: its cards with the method's options as their defaults.
    /// The method must be ``checked(in:strategies:)``; nil for a card the catalog lacks.
    func choice(in catalog: MethodCatalog) -> MethodChoice? {
        func card(_ id: String) -> MethodCard? {
            guard var card = catalog.card(id: id) else { return nil }
            for i in card.hyperParameters.indices {
                if let value = options[card.hyperParameters[i].name] { card.hyperParameters[i].defaultValue = value }
            }
            return card
        }
        guard let primary = card(strategy) else { return nil }
        let cards = addOns.compactMap(card)
        guard cards.count == addOns.count else { return nil }
        let rationale = ["strategy \(strategy) with \(addOns.isEmpty ? "no add-on" : addOns.joined(separator: ", "))"]
        return MethodChoice(primary: primary, addOns: cards, ranking: [], uncovered: [], rationale: rationale)
    }
}
