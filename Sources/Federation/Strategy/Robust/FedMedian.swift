/// FedMedian (Yin et al., "Byzantine-Robust Distributed Learning", ICML 2018): the coordinate-wise
/// median of the clients' models. Sample counts are ignored on purpose: a malicious client could claim
/// any count.
public struct FedMedian: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(name: "fedmedian", preAggregatable: false)

    public init() {}

    package init(options: StrategyOptions) throws(FederationError) { self.init() }

    public var name: String { "FedMedian" }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        return RobustStatistics.median(results.map(\.parameters))
    }
}
