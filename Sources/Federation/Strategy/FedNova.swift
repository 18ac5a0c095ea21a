/// FedNova (Wang et al., "Tackling the Objective Inconsistency Problem in Heterogeneous Federated
/// Optimization", NeurIPS 2020), for local SGD without momentum: each client's update is normalized by
/// its number of local steps τᵢ before averaging, then scaled by the effective step count
/// τ_eff = Σ pᵢ·τᵢ: w ← w + τ_eff · Σ pᵢ · (wᵢ − w) / τᵢ, with pᵢ the sample share. Clients that do
/// more local work no longer pull the model towards their own optimum.
public struct FedNova: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(name: "fednova", preAggregatable: false, fallback: "fedprox")

    public init() {}

    package init(options: StrategyOptions) throws(FederationError) { self.init() }

    public var name: String { "FedNova" }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        let p = Aggregation.sampleWeights(results)
        let tauEffective = zip(p, results).reduce(0.0) { $0 + $1.0 * Double(max(1, $1.1.localSteps)) }
        var direction = [Double](repeating: 0, count: global.count)
        for (weight, r) in zip(p, results) {
            let scale = weight / Double(max(1, r.localSteps))
            for i in direction.indices { direction[i] += scale * Double(r.parameters[i] - global[i]) }
        }
        return global.indices.map { global[$0] + Float(tauEffective * direction[$0]) }
    }
}
