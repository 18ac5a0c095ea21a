/// FedProx (Li et al., MLSys 2020): FedAvg's server rule, and clients add μ/2·‖w − w_global‖² to
/// their local objective (``ClientHooks/proximalMu``).
public struct FedProx: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "fedprox",
        options: [StrategyOption("mu", "weight of the proximal term", default: 0.01, typical: 0.001...1)],
        preAggregatable: true)

    /// μ ≥ 0.
    public let mu: Float

    /// - Throws: ``FederationError`` when μ is negative or not finite.
    public init(mu: Float) throws(FederationError) {
        guard mu >= 0, mu.isFinite else {
            throw FederationError(
                .invalidSetting, "FedProx mu is \(mu); it must be zero or positive (typical: 0.001 to 1)")
        }
        self.mu = mu
    }

    package init(options: StrategyOptions) throws(FederationError) { try self.init(mu: options.float("mu")) }

    public var name: String { "FedProx(mu=\(mu))" }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        uniformInstructions(
            round: round, global: global, clients: clients, plan: plan, hooks: ClientHooks(proximalMu: mu))
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        try WeightedMean.ofModels(results, length: global.count)
    }
}
