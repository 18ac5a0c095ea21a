import Foundation

/// q-FedAvg (Li, Sanjabi, Beirami & Smith, "Fair Resource Allocation in Federated Learning", ICLR
/// 2020): clients with higher loss get more say, for a fairer spread of accuracy. With Δwᵢ = L·(w − wᵢ)
/// and Fᵢ the client's loss, Δᵢ = Fᵢ^q·Δwᵢ and hᵢ = q·Fᵢ^(q−1)·‖Δwᵢ‖² + L·Fᵢ^q; w ← w − Σ Δᵢ / Σ hᵢ.
/// q = 0 gives FedAvg with unweighted clients and step 1/L; larger q is fairer.
///
/// Fᵢ is the client's mean training loss this round (the paper uses the loss at the received model
/// before training; the training loss is the value clients already report).
public struct QFedAvg: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "qfedavg",
        options: [
            StrategyOption("q", "fairness: how much more high-loss clients count", default: 1, typical: 0...5),
            StrategyOption("lipschitz", "L: 1 / the clients' learning rate", default: 20, typical: 1...100),
        ],
        preAggregatable: false)

    public let q: Double
    /// L, an estimate of the Lipschitz constant of the gradient: 1/L is the step size of the local solver.
    public let lipschitz: Double

    public init(q: Double, lipschitz: Double) throws(FederationError) {
        guard q >= 0, q.isFinite else {
            throw FederationError(.invalidSetting, "q-FedAvg q is \(q); it must be zero or positive (e.g. 1)")
        }
        guard lipschitz > 0, lipschitz.isFinite else {
            throw FederationError(
                .invalidSetting,
                "q-FedAvg L is \(lipschitz); it must be positive: 1 / the clients' learning rate (e.g. 20 for lr 0.05)")
        }
        self.q = q
        self.lipschitz = lipschitz
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(q: options.value("q"), lipschitz: options.value("lipschitz"))
    }

    public var name: String { "qFedAvg(q=\(q), L=\(lipschitz))" }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        // Numerator and denominator are both divided by F_max^q, which leaves their ratio as it is
        // and keeps every power at most 1: a large loss or a large q cannot overflow them.
        let losses = results.map { max($0.trainLoss, 1e-10) }
        let top = losses.max() ?? 1
        var numerator = [Double](repeating: 0, count: global.count)
        var denominator = 0.0
        for (r, loss) in zip(results, losses) {
            let weight = pow(loss / top, q)
            var squaredNorm = 0.0
            for i in global.indices {
                let dw = lipschitz * Double(global[i] - r.parameters[i])
                squaredNorm += dw * dw
                numerator[i] += weight * dw
            }
            denominator += q * weight / loss * squaredNorm + lipschitz * weight
        }
        guard denominator > 0, denominator.isFinite else {
            throw FederationError(
                .invalidUpdate,
                """
                q-FedAvg: the clients' losses gave a zero or non-finite normalizer; check that they report a training \
                loss
                """
            )
        }
        return global.indices.map { global[$0] - Float(numerator[$0] / denominator) }
    }
}
