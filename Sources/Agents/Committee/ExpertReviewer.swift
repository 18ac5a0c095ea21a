/// The embedded expert as one reviewer of the committee: ranks whole methods — a strategy this
/// build runs with the add-ons it needs — by the chooser's score under its ``ReviewerPrior``, and
/// says for each what earned it its place.
///
/// **Add-ons.** The request's add-ons are those the chooser picks for it (``MethodChooser``: the best
/// card of each other kind that addresses a detected challenge) and the build implements. Each
/// strategy takes the ones that address a detected challenge the strategy leaves uncovered, so a
/// strategy that already copes with a challenge is proposed without the add-on for it, and FedProx
/// for skewed, noisy labels is proposed with the small-loss filter.
///
/// **Score.** `k · Σ w(c) over the detected challenges c the strategy addresses + 0.5 · r + 0.25 · h`,
/// with `w(c)` 2 for a challenge of the prior's focus and 1 otherwise, `k` the prior's
/// ``ReviewerPrior/robustAggregationFactor`` for a robust aggregation (1 otherwise), `r` the strategy card's BM25
/// score against the request divided by the best (as in ``MethodChooser``), and `h` the focus
/// challenges the card covers that the request did not raise; plus `w(c)` for each detected challenge
/// only its add-ons address, less ``partCost`` per add-on (a method of more parts has more to go
/// wrong). The balanced prior (no focus) scores a strategy exactly as the chooser does. A strategy
/// qualifies on a score of its own above 0; FedAvg, the baseline, also through its add-ons (the plain
/// average with a client-side fix). Ties go to catalog order. A strategy qualifies only as in the
/// chooser (``MethodChooser/qualifies(_:for:)``: personalization strategies for personal models or
/// per-client accuracy, robust aggregation for attackers), whatever its text match or hedge.
/// When nothing scores, FedAvg is proposed alone, as the baseline.
package struct ExpertReviewer: Sendable {
    package let chooser: MethodChooser
    package let prior: ReviewerPrior
    /// What each add-on costs a method's score.
    package static let partCost = 0.1

    package init(chooser: MethodChooser, prior: ReviewerPrior) {
        self.chooser = chooser
        self.prior = prior
    }

    /// The ranked proposals for `ask`: at most `ask.depth` methods, each with a strategy of `ask.options`.
    package func review(_ ask: ReviewRequest) -> [Proposal] {
        let analysis = chooser.analyzer.analyze(ask.request)
        let detected = Set(analysis.challenges)
        let retrieval = normalisedRetrieval(ask.request)
        let addOns = chooser.choose(for: ask.request, analysis: analysis).addOns.filter {
            SpecComposer.step(for: $0) != nil
        }
        let scored = chooser.retriever.catalog.cards.enumerated().compactMap { index, card -> (Int, Scored)? in
            guard card.kind == .strategy, ask.options.contains(card.id) else { return nil }
            guard MethodChooser.qualifies(card, for: analysis) else { return nil }
            let own = score(card, detected: detected, retrieval: retrieval[card.id] ?? 0)
            guard own.total > 0 || card.id == "fedavg" else { return nil }
            let s = own.adding(addOns, detected: detected, prior: prior)
            return s.total > 0 ? (index, s) : nil
        }
        let ranked = scored.sorted { $0.1.total != $1.1.total ? $0.1.total > $1.1.total : $0.0 < $1.0 }.map(\.1)
        guard !ranked.isEmpty else {
            guard ask.options.contains("fedavg") else { return [] }
            return [
                Proposal(
                    strategy: "fedavg", rank: 1,
                    reason: "no strategy this build runs addresses the request's challenges: the baseline")
            ]
        }
        return ranked.prefix(max(0, ask.depth)).enumerated().map { i, s in
            Proposal(
                method: ProposedMethod(strategy: s.card.id, addOns: s.addOns.map(\.id)), rank: i + 1,
                reason: s.reason(prior))
        }
    }

    /// One method's score and its parts: a strategy card and the add-ons that complete it.
    struct Scored {
        var card: MethodCard
        var matched: [Challenge]
        var retrieval: Double
        var hedged: [Challenge]
        var addOns: [MethodCard] = []
        /// The detected challenges only the add-ons address.
        var completed: [Challenge] = []
        var total: Double

        /// The score with the `addOns` that address a detected challenge the strategy leaves uncovered.
        func adding(_ addOns: [MethodCard], detected: Set<Challenge>, prior: ReviewerPrior) -> Scored {
            var s = self
            for addOn in addOns {
                let adds = addOn.challenges.filter {
                    detected.contains($0) && !card.challenges.contains($0) && !s.completed.contains($0)
                }
                guard !adds.isEmpty else { continue }
                s.addOns.append(addOn)
                s.completed += adds
                s.total += adds.map(prior.weight(of:)).reduce(0, +) - ExpertReviewer.partCost
            }
            return s
        }

        func reason(_ prior: ReviewerPrior) -> String {
            var parts: [String] = []
            if !matched.isEmpty {
                let weighted = matched.filter { prior.focus.contains($0) }
                parts.append(
                    "addresses \(matched.map(\.rawValue).joined(separator: ", "))"
                        + (weighted.isEmpty
                            ? ""
                            : " (\(weighted.map(\.rawValue).joined(separator: ", ")) counted twice, \(prior.rawValue))")
                        + (card.serverHooks.contains(.robustAggregation) && prior.robustAggregationFactor < 1
                            ? " (robust aggregation counted half, \(prior.rawValue))" : "")
                )
            }
            for addOn in addOns {
                let adds = addOn.challenges.filter(completed.contains)
                parts.append("\(addOn.name) adds \(adds.map(\.rawValue).joined(separator: ", "))")
            }
            if retrieval > 0 { parts.append("text match \(Self.format(retrieval))") }
            if !hedged.isEmpty {
                parts.append(
                    "hedges \(hedged.map(\.rawValue).joined(separator: ", ")) (\(prior.rawValue))")
            }
            let name = ([card.name] + addOns.map(\.name)).joined(separator: " + ")
            return "\(name): " + parts.joined(separator: "; ") + "; score \(Self.format(total))"
        }

        static func format(_ value: Double) -> String { "\((value * 100).rounded() / 100)" }
    }

    func score(_ card: MethodCard, detected: Set<Challenge>, retrieval: Double) -> Scored {
        let matched = card.challenges.filter(detected.contains)
        let hedged = card.challenges.filter { prior.focus.contains($0) && !detected.contains($0) }
        let factor = card.serverHooks.contains(.robustAggregation) ? prior.robustAggregationFactor : 1
        let total =
            factor * matched.map(prior.weight(of:)).reduce(0, +) + MethodChooser.retrievalWeight * retrieval
            + ReviewerPrior.hedge * Double(hedged.count)
        return Scored(card: card, matched: matched, retrieval: retrieval, hedged: hedged, total: total)
    }

    /// Each card's BM25 score against `request` divided by the best one (0...1).
    private func normalisedRetrieval(_ request: String) -> [String: Double] {
        let hits = chooser.retriever.search(request)
        guard let best = hits.first?.score, best > 0 else { return [:] }
        return Dictionary(hits.map { ($0.card.id, $0.score / best) }, uniquingKeysWith: { first, _ in first })
    }
}
