/// FedAdagrad (Reddi et al., "Adaptive Federated Optimization", ICLR 2021): Adagrad on the server
/// over the clients' averaged update (``ServerOptimizer``), with β₁ = 0.
public struct FedAdagrad: ServerOptimizerStrategy, RegisteredStrategy {
    package static let descriptor = StrategyDescriptor(
        name: "fedadagrad",
        options: [
            StrategyOption("server_lr", "server learning rate", default: 0.01, typical: 0.0001...1),
            StrategyOption("tau", "adaptivity added to √v", default: 0.001, typical: 1e-9...0.1),
        ],
        needs: .serverState, preAggregatable: true)

    public var optimizer: ServerOptimizer

    /// - Parameters:
    ///   - serverLearningRate: the server's step size (`server_lr`).
    ///   - beta1: β₁ of the first moment; a topology file cannot set it (0: no first-moment averaging).
    ///   - tau: the adaptivity added to √v (`tau`).
    public init(serverLearningRate: Float, beta1: Float = 0, tau: Float) throws(FederationError) {
        optimizer = try ServerOptimizer(.adagrad, serverLearningRate: serverLearningRate, beta1: beta1, tau: tau)
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(serverLearningRate: options.float("server_lr"), tau: options.float("tau"))
    }

    public var name: String { "FedAdagrad(lr=\(optimizer.serverLearningRate), tau=\(optimizer.tau))" }
}
