/// FedAvg (McMahan et al., AISTATS 2017): the new global model is the average of the clients' models
/// weighted by their sample counts.
public struct FedAvg: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(name: "fedavg", preAggregatable: true)

    /// Never throws; it throws(FederationError) like every other strategy's initializer, so that call
    /// sites read alike.
    public init() throws(FederationError) {}

    package init(options: StrategyOptions) throws(FederationError) { try self.init() }

    public var name: String { "FedAvg" }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        try WeightedMean.ofModels(results, length: global.count)
    }
}

/// Σ wᵢ·xᵢ / Σ wᵢ over equal-length vectors, accumulated in Double (relative error ~1e-7 of the result).
enum WeightedMean {
    /// The sample-weighted mean of the results' models (FedAvg's rule); nil when there are none.
    static func ofModels(_ results: [FitResult], length: Int) throws -> [Float]? {
        guard !results.isEmpty else { return nil }
        return try of(results.map { ($0.parameters, Double($0.sampleCount)) }, length: length)
    }

    /// Weights that are all 0 (every client reported 0 samples) count as equal, as in
    /// ``Aggregation/sampleWeights(_:)``; a negative or non-finite weight is refused.
    static func of(_ items: [(vector: [Float], weight: Double)], length: Int) throws -> [Float] {
        guard !items.isEmpty else { throw FederationError(.invalidUpdate, "no results to average") }
        if let bad = items.first(where: { !($0.weight >= 0 && $0.weight.isFinite) }) {
            throw FederationError(
                .invalidUpdate, "a result has weight \(bad.weight); weights must be finite and at least 0")
        }
        let total = items.reduce(0) { $0 + $1.weight }
        let equal = !(total > 0 && total.isFinite)
        var sum = [Double](repeating: 0, count: length)
        for (index, item) in items.enumerated() {
            guard item.vector.count == length else {
                throw FederationError(
                    .invalidUpdate, "result \(index) has \(item.vector.count) parameters; the model has \(length)")
            }
            let w = equal ? 1 / Double(items.count) : item.weight / total
            item.vector.withUnsafeBufferPointer { v in
                sum.withUnsafeMutableBufferPointer { s in
                    for i in 0..<length { s[i] += w * Double(v[i]) }
                }
            }
        }
        return sum.map(Float.init)
    }
}
