import ActorMesh
import Foundation

/// A strategy that is FedAvg's mean followed by one ``ServerOptimizer`` step: the four share the
/// aggregation and the checkpoint (the optimizer's stored form, moments included).
/// Public with the four strategies; the registry entry (``RegisteredStrategy``) is each strategy's own.
public protocol ServerOptimizerStrategy: Strategy {
    var optimizer: ServerOptimizer { get set }
}

extension ServerOptimizerStrategy {
    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        try optimizer.aggregate(global: global, results: results)
    }

    /// One server step from `global` with pseudo-gradient `delta`.
    public mutating func step(global: [Float], delta: [Float]) -> [Float] {
        optimizer.step(global: global, delta: delta)
    }

    public func checkpointState() throws -> Data { try BinaryEncoder().encode(optimizer) }

    public mutating func restoreState(_ state: Data) throws {
        let restored: ServerOptimizer
        do { restored = try BinaryDecoder().decode(ServerOptimizer.self, from: state) } catch {
            throw FederationError(.checkpoint, "the checkpoint's strategy state is not a \(Self.self): \(error)")
        }
        guard restored.rule == optimizer.rule else {
            throw FederationError(
                .checkpoint,
                """
                the checkpoint's strategy state is a \(restored.rule) server optimizer, not \(name)'s: it was written \
                by another strategy
                """
            )
        }
        optimizer = restored
    }
}

/// FedAdam and FedYogi: the same options and settings, another second-moment rule.
public protocol AdaptiveServerOptimizerStrategy: ServerOptimizerStrategy {
    static var rule: ServerOptimizer.Rule { get }
    init(optimizer: ServerOptimizer)
}

extension AdaptiveServerOptimizerStrategy {
    public init(serverLearningRate: Float, beta1: Float, beta2: Float = 0.99, tau: Float = 1e-3) throws(FederationError)
    {
        self.init(
            optimizer: try ServerOptimizer(
                Self.rule, serverLearningRate: serverLearningRate, beta1: beta1, beta2: beta2, tau: tau))
    }
}

extension AdaptiveServerOptimizerStrategy where Self: RegisteredStrategy {

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(
            serverLearningRate: options.float("server_lr"), beta1: options.float("beta1"),
            beta2: options.float("beta2"),
            tau: options.float("tau"))
    }
}
