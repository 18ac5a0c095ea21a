/// FedAdam (Reddi et al., "Adaptive Federated Optimization", ICLR 2021): Adam on the server over the
/// clients' averaged update (``ServerOptimizer``).
public struct FedAdam: AdaptiveServerOptimizerStrategy, RegisteredStrategy {
    package static let descriptor = StrategyDescriptor(
        name: "fedadam", options: ServerOptimizer.adaptiveOptions, needs: .serverState, preAggregatable: true)
    public static let rule = ServerOptimizer.Rule.adam

    public var optimizer: ServerOptimizer

    public init(optimizer: ServerOptimizer) { self.optimizer = optimizer }

    public var name: String { "FedAdam(\(optimizer.adaptiveSettings))" }
}
