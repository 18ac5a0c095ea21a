/// FedYogi (Reddi et al., "Adaptive Federated Optimization", ICLR 2021): Yogi on the server over the
/// clients' averaged update (``ServerOptimizer``).
public struct FedYogi: AdaptiveServerOptimizerStrategy, RegisteredStrategy {
    package static let descriptor = StrategyDescriptor(
        name: "fedyogi", options: ServerOptimizer.adaptiveOptions, needs: .serverState, preAggregatable: true)
    public static let rule = ServerOptimizer.Rule.yogi

    public var optimizer: ServerOptimizer

    public init(optimizer: ServerOptimizer) { self.optimizer = optimizer }

    public var name: String { "FedYogi(\(optimizer.adaptiveSettings))" }
}
