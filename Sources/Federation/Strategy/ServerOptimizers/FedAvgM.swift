/// FedAvgM (Hsu, Qi & Brown, "Measuring the Effects of Non-Identical Data Distribution", 2019):
/// server momentum over the clients' averaged update (``ServerOptimizer``).
public struct FedAvgM: ServerOptimizerStrategy, RegisteredStrategy {
    package static let descriptor = StrategyDescriptor(
        name: "fedavgm",
        options: [
            StrategyOption("server_lr", "server learning rate", default: 1, typical: 0.1...2),
            StrategyOption("momentum", "server momentum", default: 0.9, typical: 0...0.99),
        ],
        needs: .serverState, preAggregatable: true)

    public var optimizer: ServerOptimizer

    public init(serverLearningRate: Float, momentum: Float) throws(FederationError) {
        optimizer = try ServerOptimizer(.momentum, serverLearningRate: serverLearningRate, beta1: momentum)
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(serverLearningRate: options.float("server_lr"), momentum: options.float("momentum"))
    }

    public var name: String { "FedAvgM(lr=\(optimizer.serverLearningRate), momentum=\(optimizer.beta1))" }
}
