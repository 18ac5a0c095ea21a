/// FedAvg (McMahan et al., AISTATS 2017): the new global model is the average of the clients' models
/// weighted by their sample counts. With `proximalMu` it is FedProx (Li et al., MLSys 2020): the same
/// server rule, and clients add μ/2·‖w − w_global‖² to their local objective.
public struct FedAvg: Strategy, Codable {
    public let proximalMu: Float?

    /// - Parameter proximalMu: FedProx's μ ≥ 0; nil for plain FedAvg.
    public init(proximalMu: Float? = nil) throws(FederationError) {
        if let mu = proximalMu, !(mu >= 0 && mu.isFinite) {
            throw FederationError(.invalidSetting, "FedProx mu is \(mu); it must be zero or positive (typical: 0.001 to 1)")
        }
        self.proximalMu = proximalMu
    }

    public var name: String { proximalMu.map { "FedProx(mu=\($0))" } ?? "FedAvg" }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        uniformInstructions(round: round, global: global, clients: clients, plan: plan, hooks: ClientHooks(proximalMu: proximalMu))
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws -> [Float]? {
        guard !results.isEmpty else { return nil }
        return try WeightedMean.of(results.map { ($0.parameters, Double($0.sampleCount)) }, length: global.count)
    }
}

/// Σ wᵢ·xᵢ / Σ wᵢ over equal-length vectors, accumulated in Double (relative error ~1e-7 of the result).
enum WeightedMean {
    /// Weights that are all 0 (every client reported 0 samples) count as equal, as in
    /// ``Aggregation/sampleWeights(_:)``; a negative or non-finite weight is refused.
    static func of(_ items: [(vector: [Float], weight: Double)], length: Int) throws -> [Float] {
        guard !items.isEmpty else { throw FederationError(.invalidUpdate, "no results to average") }
        if let bad = items.first(where: { !($0.weight >= 0 && $0.weight.isFinite) }) {
            throw FederationError(.invalidUpdate, "a result has weight \(bad.weight); weights must be finite and at least 0")
        }
        let total = items.reduce(0) { $0 + $1.weight }
        let equal = !(total > 0 && total.isFinite)
        var sum = [Double](repeating: 0, count: length)
        for (index, item) in items.enumerated() {
            guard item.vector.count == length else {
                throw FederationError(.invalidUpdate, "result \(index) has \(item.vector.count) parameters; the model has \(length)")
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
