/// FedTrimmedAvg (Yin et al., ICML 2018): the coordinate-wise trimmed mean, dropping the fraction
/// `beta` of values at each end. Sample counts are ignored on purpose: a malicious client could claim
/// any count.
public struct FedTrimmedAvg: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "fedtrimmedavg",
        options: [StrategyOption("beta", "fraction trimmed at each end", default: 0.1, typical: 0...0.45)],
        preAggregatable: false)

    /// The fraction cut at each end, in [0, 0.5).
    public let beta: Double

    /// - Throws: when beta is outside [0, 0.5).
    public init(beta: Double) throws(FederationError) {
        guard (0..<0.5).contains(beta) else {
            throw FederationError(
                .invalidSetting,
                "trimmed-mean beta is \(beta); it must be in [0, 0.5) (the fraction cut at each end, e.g. 0.1)")
        }
        self.beta = beta
    }

    package init(options: StrategyOptions) throws(FederationError) { try self.init(beta: options.value("beta")) }

    public var name: String { "FedTrimmedAvg(beta=\(beta))" }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        let vectors = results.map(\.parameters)
        return RobustStatistics.trimmedMean(vectors, trim: Int(beta * Double(vectors.count)))
    }
}
