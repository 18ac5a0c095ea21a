/// Chooses methods for an analysed request by explicit scoring.
///
/// **Score.** For each card, `score = m + 0.5 · r`, where `m` is the number of detected challenges the
/// card addresses and `r` its BM25 score against the request text divided by the best BM25 score
/// (so 0...1). Every matched challenge outweighs any text similarity (0.5 < 1): the challenges are
/// what the request needs, and the text only separates cards that fit equally well, e.g. FedProx
/// against SCAFFOLD for "user-specific models and feature distributions". Ties go to catalog order.
///
/// **Primary.** The best-scoring strategy card with `m ≥ 1`. Strategies made for personalization
/// (FedPer) leave each client its own model, so they qualify only when the request asks for
/// personalization or per-client accuracy; otherwise the global model they produce is incomplete.
/// Likewise a strategy that keeps layers local for another reason (FedBN's batch norms, for feature
/// shift) qualifies only when the plan's metric is measured on the clients' own models: per client, or
/// over every domain when the clients are in different domains. A card that covers
/// more of the
/// detected challenges wins, since only one strategy can run. If no strategy addresses any detected
/// challenge (or none is detected), FedAvg: the baseline every other choice is compared with.
/// Strategies that aggregate robustly (median, trimmed mean, Krum) qualify only when the request
/// raises attackers (``Challenge/robustness``): they discard part of every round's honest updates,
/// which only pays when some updates are hostile; label or input noise on honest clients is not an
/// attack, and has its own remedies (the small-loss filter, FedBN).
///
/// **A stated ε.** A privacy target is a requirement: DP-FedAvg is the strategy whatever scores
/// higher, and the rationale says which strategy it replaced.
///
/// **Add-ons.** For each other kind (selection, compression, participation, personalization,
/// sample selection, data cleaning, continual), the best-scoring card of that kind with `m ≥ 1`.
/// They compose with any strategy (they act on who trains, what is sent, what is trained on or
/// evaluated), so adding one never conflicts with the primary; at most one per kind keeps the system
/// simple enough to test. In a cross-silo deployment no selection or participation add-on is
/// chosen: every silo takes part in every round, so there is nobody to select or over-invite.
package struct MethodChooser: Sendable {
    /// The strategy a stated privacy target (ε) requires.
    package static let privateStrategy = "dp-fedavg"

    /// How much the normalised BM25 score counts next to one matched challenge.
    package static let retrievalWeight = 0.5

    package let retriever: MethodRetriever
    package let analyzer: RequestAnalyzer
    private let baseline: MethodCard

    /// A chooser over `catalog`, which must hold a `fedavg` strategy card (the fallback).
    package init(catalog: MethodCatalog, analyzer: RequestAnalyzer = RequestAnalyzer()) throws(CatalogError) {
        guard let fedavg = catalog.card(id: "fedavg"), fedavg.kind == .strategy else {
            throw .incomplete("a strategy card with id 'fedavg' is needed as the fallback strategy")
        }
        retriever = MethodRetriever(catalog: catalog)
        self.analyzer = analyzer
        baseline = fedavg
    }

    /// Analyses `request` and chooses for it.
    package func choose(for request: String) -> (analysis: RequestAnalysis, choice: MethodChoice) {
        let analysis = analyzer.analyze(request)
        return (analysis, choose(for: request, analysis: analysis))
    }

    /// Chooses for `request`, given its analysis.
    package func choose(for request: String, analysis: RequestAnalysis) -> MethodChoice {
        let ranking = scores(for: request, challenges: Set(analysis.challenges))
        var rationale: [String] = []

        var primary: MethodCard
        let eligible = { (s: ScoredMethod) in
            s.card.kind == .strategy && !s.matched.isEmpty && Self.qualifies(s.card, for: analysis)
        }
        if let best = ranking.first(where: eligible) {
            primary = best.card
            rationale.append(
                "strategy \(best.card.id): addresses \(Self.list(best.matched)) (score \(Self.format(best.score)))")
        } else {
            primary = baseline
            rationale.append(
                "strategy fedavg: no strategy in the catalog that may run here addresses the detected challenges, so the baseline"
            )
        }
        if let passed = ranking.first(where: { $0.card.kind == .strategy && !$0.matched.isEmpty }),
            passed.card.id != primary.id, passed.score > (ranking.first { $0.card.id == primary.id }?.score ?? 0),
            let why = Self.disqualification(of: passed.card, for: analysis)
        {
            rationale.append("not \(passed.card.id), which addresses \(Self.list(passed.matched)): \(why)")
        }

        // A stated ε is a requirement, not a preference: only DP-FedAvg spends a privacy budget, so it
        // is the strategy whatever else scores higher, and the rationale names what it replaced.
        if let epsilon = analysis.privacyEpsilon, primary.id != Self.privateStrategy,
            let dp = retriever.catalog.card(id: Self.privateStrategy), dp.kind == .strategy
        {
            rationale.append(
                """
                strategy \(dp.id) instead of \(primary.id): the request states ε = \(Self.format(epsilon)), which \
                only \(dp.id) spends and accounts for
                """
            )
            primary = dp
        }

        var addOns: [MethodCard] = []
        let siloKinds: Set<MethodCard.Kind> = [.selection, .participation]
        for kind in MethodCard.Kind.allCases where kind != .strategy {
            if analysis.deployment == .crossSilo, siloKinds.contains(kind) { continue }
            guard let best = ranking.first(where: { $0.card.kind == kind && !$0.matched.isEmpty }) else { continue }
            addOns.append(best.card)
            rationale.append("\(kind.rawValue) \(best.card.id): addresses \(Self.list(best.matched))")
        }

        let covered = Set(([primary] + addOns).flatMap(\.challenges))
        let uncovered = analysis.challenges.filter { !covered.contains($0) }
        if !uncovered.isEmpty {
            rationale.append("not covered by the chosen methods: \(Self.list(uncovered))")
        }
        return MethodChoice(
            primary: primary, addOns: addOns, ranking: ranking, uncovered: uncovered, rationale: rationale)
    }

    /// Whether strategy `card` may run for `analysis` at all: a personalization strategy only when the
    /// request asks for personal models or per-client accuracy; a strategy that keeps layers local
    /// (FedBN) only when the plan judges the models the clients run (a metric on their own data, as
    /// ``SpecComposer/headlineMetric(_:)`` sets it), since its server-side copy of those layers is
    /// an average no client uses; a robust aggregation only when the request raises attackers.
    package static func qualifies(_ card: MethodCard, for analysis: RequestAnalysis) -> Bool {
        disqualification(of: card, for: analysis) == nil
    }

    /// Why strategy `card` may not run for `analysis` (``qualifies(_:for:)``), nil when it may.
    package static func disqualification(of card: MethodCard, for analysis: RequestAnalysis) -> String? {
        let personal = analysis.challenges.contains(.personalization) || analysis.metrics.contains(.meanClientTop1)
        if !personal, card.challenges.contains(.personalization) {
            return
                "it leaves each client its own model, and the request asks for neither personal models nor per-client accuracy"
        }
        let clientModelsJudged = personal || SpecComposer.headlineMetric(analysis).needsClientEvaluation
        if !clientModelsJudged, card.clientHooks.contains(.keepLocalLayers) {
            return """
                it keeps layers local to each client, and the request judges one global model on a shared test \
                set, where the server's average of those layers is used by no client
                """
        }
        if card.serverHooks.contains(.robustAggregation), !analysis.challenges.contains(.robustness) {
            return "it discards part of every round's honest updates, and the request raises no attackers"
        }
        return nil
    }

    /// Every card with a matched challenge or a positive BM25 score, best first, ties in catalog order.
    package func scores(for request: String, challenges: Set<Challenge>) -> [ScoredMethod] {
        let hits = retriever.search(request)
        let best = hits.first?.score ?? 0
        var retrieval: [String: Double] = [:]
        for hit in hits where best > 0 { retrieval[hit.card.id] = hit.score / best }
        let scored = retriever.catalog.cards.enumerated().compactMap { index, card -> (Int, ScoredMethod)? in
            let matched = card.challenges.filter(challenges.contains)
            let r = retrieval[card.id] ?? 0
            guard !matched.isEmpty || r > 0 else { return nil }
            let score = Double(matched.count) + Self.retrievalWeight * r
            return (index, ScoredMethod(card: card, matched: matched, retrieval: r, score: score))
        }
        return scored.sorted { $0.1.score != $1.1.score ? $0.1.score > $1.1.score : $0.0 < $1.0 }.map(\.1)
    }

    private static func list(_ challenges: [Challenge]) -> String {
        challenges.map(\.rawValue).joined(separator: ", ")
    }

    private static func format(_ value: Double) -> String {
        "\((value * 100).rounded() / 100)"
    }
}
