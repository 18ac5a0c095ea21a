/// How an expert reviewer of the committee weighs what the request says. Every prior scores the
/// strategy cards the way ``MethodChooser`` does (matched challenges plus half the normalised BM25
/// score), but counts the challenges of its focus twice, and adds a small hedge for a card that
/// covers a challenge of its focus the request did not raise. So the priors read the same cues and
/// disagree only where the request mixes concerns or leaves room: no prior holds an answer of its own.
/// Accuracy-first also counts a robust aggregation's matches half (``robustAggregationFactor``), so
/// for attackers on skewed data it weighs robust aggregation against the heterogeneity remedies.
package enum ReviewerPrior: String, Codable, Sendable, CaseIterable {
    /// The chooser's own weighing: every detected challenge counts once, no hedge.
    case balanced
    /// The data's heterogeneity first: skews, shifts, users and personal models decide accuracy.
    case accuracyFirst = "accuracy-first"
    /// Faults first: attackers, noise, stragglers and dropouts.
    case robustnessFirst = "robustness-first"
    /// The wire first: bandwidth and unreliable links.
    case communicationFirst = "communication-first"

    /// How much one matched challenge of the prior's focus counts (others count 1).
    package static let focusWeight = 2.0
    /// What a card gains per focus challenge it covers that the request did not raise; below the
    /// retrieval weight, so a hedge only reorders cards the request's cues leave close.
    package static let hedge = 0.25

    /// The challenges the prior counts twice (none for the balanced prior).
    package var focus: Set<Challenge> {
        switch self {
        case .balanced: []
        case .accuracyFirst:
            [.labelSkew, .quantitySkew, .domainShift, .userHeterogeneity, .personalization, .modelHeterogeneity]
        case .robustnessFirst: [.robustness, .labelNoise, .featureNoise, .stragglers, .connectivity]
        case .communicationFirst: [.bandwidth, .connectivity]
        }
    }

    /// How much the matched challenges of a strategy that aggregates robustly (median, trimming,
    /// Krum) count: half for accuracy-first, whose concern is that such aggregation also discards
    /// honest clients whose data differ (Karimireddy, He and Jaggi, "Byzantine-Robust Learning on
    /// Heterogeneous Datasets via Bucketing", ICLR 2022), so it prefers a client-side fix with the
    /// plain average; 1 for the other priors.
    package var robustAggregationFactor: Double { self == .accuracyFirst ? 0.5 : 1 }

    /// The weight of one matched challenge.
    package func weight(of challenge: Challenge) -> Double {
        focus.contains(challenge) ? Self.focusWeight : 1
    }
}
