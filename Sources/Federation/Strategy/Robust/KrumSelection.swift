/// Krum and Multi-Krum (Blanchard et al., "Machine Learning with Adversaries: Byzantine Tolerant
/// Gradient Descent", NeurIPS 2017): keep the `keep` most central of the results, assuming at most
/// `byzantine` are malicious, and average them (keep = 1: Krum). Sample counts are ignored on
/// purpose: a malicious client could claim any count.
/// Public with Krum and MultiKrum; the registry entry (``RegisteredStrategy``) is each strategy's own.
public protocol KrumSelection: Strategy {
    /// f: how many results may be malicious.
    var byzantine: Int { get }
    /// m: how many of the most central results are averaged.
    var keep: Int { get }
}

extension KrumSelection {
    /// The fewest results a round must bring: Krum's guarantee needs n > 2f + 2 (with fewer it would
    /// pick among attackers).
    public var minimumResults: Int { 2 * byzantine + 3 }

    /// Refuses f < 0 and m < 1.
    static func check(byzantine f: Int, keep m: Int) throws(FederationError) {
        guard f >= 0, m >= 1 else {
            throw FederationError(
                .invalidSetting, "Krum needs byzantine ≥ 0 and keep ≥ 1; got byzantine \(f), keep \(m)")
        }
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        let vectors = results.map(\.parameters)
        guard vectors.count >= minimumResults else {
            throw FederationError(
                .notEnoughClients,
                """
                Krum with byzantine \(byzantine) needs more than \(2 * byzantine + 2) results; this round has \
                \(vectors.count): raise min_fit or lower byzantine
                """
            )
        }
        let chosen = RobustStatistics.krumSelect(vectors, byzantine: byzantine, keep: min(keep, vectors.count))
        return try WeightedMean.of(chosen.map { (vectors[$0], 1) }, length: global.count)
    }
}

extension KrumSelection where Self: RegisteredStrategy {

    /// A round that can never bring more than 2f + 2 results would never aggregate.
    package func problems(in setting: StrategySetting) -> [SettingProblem] {
        guard minimumResults > setting.resultsPerRound else { return [] }
        let needed = minimumResults
        let advice =
            setting.clientCount >= needed
            ? "raise participation.fraction or min_fit so that a round wants at least \(needed) results"
            : "have at least \(needed) clients (there are \(setting.clientCount))"
        return [
            SettingProblem(
                "strategy.byzantine",
                """
                \(Self.descriptor.name) with byzantine \(byzantine) aggregates only rounds with more than \
                \(needed - 1) results (n > 2f + 2), but this topology brings at most \(setting.resultsPerRound) per \
                round (participation.fraction \(setting.participationFraction) of the \(setting.clientCount) clients, \
                at least min_fit \(setting.minFit), at most every client; sampling, dropouts and stragglers can only \
                bring fewer), so no round would ever aggregate: \(advice), or lower byzantine
                """,
                near: ["strategy"])
        ]
    }
}

extension StrategyOption {
    /// Krum's f.
    static let byzantine = StrategyOption(
        "byzantine", "results assumed malicious", default: 1, kind: .wholeNumber, typical: 0...10)
}
