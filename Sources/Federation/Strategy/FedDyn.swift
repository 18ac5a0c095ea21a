/// FedDyn (Acar et al., "Federated Learning Based on Dynamic Regularization", ICLR 2021): each client
/// adds a dynamic regularizer to its objective so that local optima agree with the global one (the
/// client rule is in `ClientAlgorithmState`; α travels in ``ClientHooks/dynamicAlpha``). The server
/// keeps h:
///
///   h ← h − α·(1/m)·Σ_{i∈S}(θ_i − θ),   θ ← mean_{i∈S}(θ_i) − h/α,
///
/// with plain (unweighted) means, as in the paper's Algorithm 1. m, the population, is the `clients`
/// setting; with 0 it is taken as |S| (full participation).
public struct FedDyn: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "feddyn",
        options: [
            StrategyOption("alpha", "weight of the dynamic regularizer", default: 0.01, typical: 0.001...0.1),
            StrategyOption("clients", "the population m (0: |S|)", default: 0, kind: .wholeNumber, typical: 0...10_000),
        ],
        needs: [.perClientState, .serverState], preAggregatable: false, fallback: "fedprox")

    /// α of the dynamic regularizer (the paper tries 0.001 to 0.1 on neural networks).
    public let alpha: Float
    /// The population m (0: |S|, the round's results).
    public let population: Int
    /// The server state h (empty until the first round: zeros).
    package private(set) var h: [Float] = []

    /// - Throws: ``FederationError`` when α is not positive or `population` is negative.
    public init(alpha: Float, population: Int = 0) throws(FederationError) {
        guard alpha > 0, alpha.isFinite else {
            throw FederationError(
                .invalidSetting, "FedDyn alpha is \(alpha); it must be positive (typical 0.001 to 0.1)")
        }
        try Aggregation.checkPopulation(population, of: "FedDyn")
        self.alpha = alpha
        self.population = population
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(alpha: options.float("alpha"), population: try options.count("clients"))
    }

    public var name: String { "FedDyn(alpha=\(alpha))" }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        uniformInstructions(
            round: round, global: global, clients: clients, plan: plan, hooks: ClientHooks(dynamicAlpha: alpha))
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        let n = global.count
        try Aggregation.check(results, length: n)
        let mean = try WeightedMean.of(results.map { ($0.parameters, 1 / Double(results.count)) }, length: n)
        if h.count != n { h = [Float](repeating: 0, count: n) }
        // (1/m)·Σ(θ_i − θ) = (|S|/m)·(mean − θ)
        let fraction = Aggregation.participationFraction(results: results.count, population: population)
        var theta = mean
        for i in 0..<n {
            h[i] -= alpha * fraction * (mean[i] - global[i])
            theta[i] -= h[i] / alpha
        }
        return theta
    }
}
