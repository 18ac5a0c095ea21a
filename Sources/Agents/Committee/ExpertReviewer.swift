/// The embedded expert as one reviewer of the committee: ranks the strategies this build runs by
/// the chooser's score under its ``ReviewerPrior``, and says for each what earned it its place.
///
/// **Score.** `Σ w(c) over the detected challenges c the card addresses + 0.5 · r + 0.25 · h`, with
/// `w(c)` 2 for a challenge of the prior's focus and 1 otherwise, `r` the card's BM25 score against
/// the request divided by the best (as in ``MethodChooser``), and `h` the focus challenges the card
/// covers that the request did not raise. The balanced prior (no focus) scores exactly as the
/// chooser does. Cards scoring 0 are not proposed; ties go to catalog order. Personalization-only
/// strategies qualify only when the request asks for personal models or per-client accuracy, as in
/// the chooser. When nothing scores, FedAvg is proposed alone, as the baseline.
package struct ExpertReviewer: Sendable {
    package let chooser: MethodChooser
    package let prior: ReviewerPrior

    package init(chooser: MethodChooser, prior: ReviewerPrior) {
        self.chooser = chooser
        self.prior = prior
    }

    /// The ranked proposals for `ask`: at most `ask.depth`, each one of `ask.options`.
    package func review(_ ask: ReviewRequest) -> [Proposal] {
        let analysis = chooser.analyzer.analyze(ask.request)
        let detected = Set(analysis.challenges)
        let personal = detected.contains(.personalization) || analysis.metrics.contains(.meanClientTop1)
        let retrieval = normalisedRetrieval(ask.request)
        let scored = chooser.retriever.catalog.cards.enumerated().compactMap { index, card -> (Int, Scored)? in
            guard card.kind == .strategy, ask.options.contains(card.id) else { return nil }
            guard personal || !card.challenges.contains(.personalization) else { return nil }
            let s = score(card, detected: detected, retrieval: retrieval[card.id] ?? 0)
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
            Proposal(strategy: s.card.id, rank: i + 1, reason: s.reason(prior))
        }
    }

    /// One card's score and its parts.
    struct Scored {
        var card: MethodCard
        var matched: [Challenge]
        var retrieval: Double
        var hedged: [Challenge]
        var total: Double

        func reason(_ prior: ReviewerPrior) -> String {
            var parts: [String] = []
            if !matched.isEmpty {
                let weighted = matched.filter { prior.focus.contains($0) }
                parts.append(
                    "addresses \(matched.map(\.rawValue).joined(separator: ", "))"
                        + (weighted.isEmpty
                            ? ""
                            : " (\(weighted.map(\.rawValue).joined(separator: ", ")) counted twice, \(prior.rawValue))")
                )
            }
            if retrieval > 0 { parts.append("text match \(Self.format(retrieval))") }
            if !hedged.isEmpty {
                parts.append(
                    "hedges \(hedged.map(\.rawValue).joined(separator: ", ")) (\(prior.rawValue))")
            }
            return "\(card.name): " + parts.joined(separator: "; ") + "; score \(Self.format(total))"
        }

        static func format(_ value: Double) -> String { "\((value * 100).rounded() / 100)" }
    }

    func score(_ card: MethodCard, detected: Set<Challenge>, retrieval: Double) -> Scored {
        let matched = card.challenges.filter(detected.contains)
        let hedged = card.challenges.filter { prior.focus.contains($0) && !detected.contains($0) }
        let total =
            matched.map(prior.weight(of:)).reduce(0, +) + MethodChooser.retrievalWeight * retrieval
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
