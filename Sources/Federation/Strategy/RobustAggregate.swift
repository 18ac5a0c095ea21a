/// Byzantine-robust aggregation: the coordinate-wise median (FedMedian), the coordinate-wise trimmed
/// mean (FedTrimmedAvg), Krum and Multi-Krum. They ignore sample counts on purpose: a malicious client
/// could claim any count.
public struct RobustAggregate: Strategy, Codable {
    public enum Rule: Codable, Sendable, Equatable {
        case median
        /// Drop the fraction `beta` of values at each end, per coordinate (0 ≤ beta < 0.5).
        case trimmedMean(beta: Double)
        /// Keep the `keep` most central of the results, assuming at most `byzantine` are malicious,
        /// and average them (keep = 1: Krum).
        case krum(byzantine: Int, keep: Int)
    }

    public let rule: Rule

    /// - Throws: when beta is outside [0, 0.5), or byzantine < 0 or keep < 1.
    public init(_ rule: Rule) throws(FederationError) {
        switch rule {
        case .median: break
        case .trimmedMean(let beta):
            guard (0..<0.5).contains(beta) else {
                throw FederationError(.invalidSetting, "trimmed-mean beta is \(beta); it must be in [0, 0.5) (the fraction cut at each end, e.g. 0.1)")
            }
        case .krum(let f, let m):
            guard f >= 0, m >= 1 else {
                throw FederationError(.invalidSetting, "Krum needs byzantine ≥ 0 and keep ≥ 1; got byzantine \(f), keep \(m)")
            }
        }
        self.rule = rule
    }

    /// The fewest results a round must bring for the rule to aggregate them: Krum's guarantee needs
    /// n > 2f + 2 (with fewer it would pick among attackers); the other rules take any number.
    public var minimumResults: Int {
        if case .krum(let f, _) = rule { return 2 * f + 3 }
        return 1
    }

    public var name: String {
        switch rule {
        case .median: "FedMedian"
        case .trimmedMean(let beta): "FedTrimmedAvg(beta=\(beta))"
        case .krum(let f, let m): m == 1 ? "Krum(f=\(f))" : "MultiKrum(f=\(f), m=\(m))"
        }
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws -> [Float]? {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        let vectors = results.map(\.parameters)
        switch rule {
        case .median:
            return RobustStatistics.median(vectors)
        case .trimmedMean(let beta):
            return RobustStatistics.trimmedMean(vectors, trim: Int(beta * Double(vectors.count)))
        case .krum(let f, let m):
            guard vectors.count >= minimumResults else {
                throw FederationError(.notEnoughClients, "Krum with byzantine \(f) needs more than \(2 * f + 2) results; this round has \(vectors.count): raise min_fit or lower byzantine")
            }
            let chosen = RobustStatistics.krumSelect(vectors, byzantine: f, keep: min(m, vectors.count))
            return try WeightedMean.of(chosen.map { (vectors[$0], 1) }, length: global.count)
        }
    }
}
