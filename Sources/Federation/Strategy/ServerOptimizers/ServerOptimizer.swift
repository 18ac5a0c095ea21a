import Foundation

/// The server-side optimizer that FedAvgM, FedAdagrad, FedAdam and FedYogi step over the clients'
/// averaged update ("pseudo-gradient" Δ, the sample-weighted mean of client parameters − global):
///
/// - FedAvgM (Hsu, Qi & Brown, 2019): v ← β·v + Δ; w ← w + η·v.
/// - FedAdagrad, FedAdam, FedYogi (Reddi et al., "Adaptive Federated Optimization", ICLR 2021):
///   m ← β₁·m + (1 − β₁)·Δ; v ← v + Δ² (Adagrad), β₂·v + (1 − β₂)·Δ² (Adam),
///   v − (1 − β₂)·Δ²·sign(v − Δ²) (Yogi); w ← w + η·m / (√v + τ).
///
/// With β = 0 and η = 1, FedAvgM is FedAvg. Its stored form is each strategy's checkpoint.
public struct ServerOptimizer: Codable, Sendable {
    public enum Rule: String, Codable, Sendable {
        case momentum, adagrad, adam, yogi
    }

    public let rule: Rule
    /// Server learning rate η.
    public let serverLearningRate: Float
    /// FedAvgM's momentum β, or Adam/Yogi/Adagrad's β₁.
    public let beta1: Float
    /// β₂ of Adam and Yogi.
    public let beta2: Float
    /// τ: the adaptivity (added to √v).
    public let tau: Float
    /// Yogi and Adagrad start v at τ² (Reddi et al.); Adam at 0.
    private var m: [Float] = []
    private var v: [Float] = []

    /// - Throws: ``FederationError`` naming the setting when η ≤ 0, a β outside [0, 1), or τ ≤ 0.
    public init(_ rule: Rule, serverLearningRate: Float, beta1: Float, beta2: Float = 0.99, tau: Float = 1e-3)
        throws(FederationError)
    {
        guard serverLearningRate > 0, serverLearningRate.isFinite else {
            throw FederationError(
                .invalidSetting,
                "server learning rate is \(serverLearningRate); it must be positive (FedAvgM: 1, FedAdam: 0.01 to 0.1)")
        }
        guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
            throw FederationError(
                .invalidSetting, "beta1 \(beta1) and beta2 \(beta2) must be in [0, 1) (typical 0.9 and 0.99)")
        }
        guard tau > 0, tau.isFinite else {
            throw FederationError(.invalidSetting, "tau is \(tau); it must be positive (typical 1e-3)")
        }
        self.rule = rule
        self.serverLearningRate = serverLearningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.tau = tau
    }

    /// The new global model from this round's results; nil when there are none.
    public mutating func aggregate(global: [Float], results: [FitResult]) throws -> [Float]? {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        let mean = try WeightedMean.of(results.map { ($0.parameters, Double($0.sampleCount)) }, length: global.count)
        let delta = Aggregation.difference(mean, global)
        return step(global: global, delta: delta)
    }

    /// One server step from `global` with pseudo-gradient `delta` (pure apart from the moments).
    public mutating func step(global: [Float], delta: [Float]) -> [Float] {
        let n = global.count
        if m.count != n || v.count != n {
            m = [Float](repeating: 0, count: n)
            v = [Float](repeating: rule == .adam ? 0 : tau * tau, count: n)
        }
        var w = global
        let (lr, b1, b2, t) = (serverLearningRate, beta1, beta2, tau)
        for i in 0..<n {
            let d = delta[i]
            switch rule {
            case .momentum:
                m[i] = b1 * m[i] + d
                w[i] += lr * m[i]
                continue
            case .adagrad:
                v[i] += d * d
            case .adam:
                v[i] = b2 * v[i] + (1 - b2) * d * d
            case .yogi:
                let d2 = d * d
                v[i] -= (1 - b2) * d2 * (v[i] - d2 > 0 ? 1 : (v[i] - d2 < 0 ? -1 : 0))
            }
            m[i] = b1 * m[i] + (1 - b1) * d
            w[i] += lr * m[i] / (v[i].squareRoot() + t)
        }
        return w
    }
}

extension ServerOptimizer {
    /// The settings as FedAdam's and FedYogi's names show them.
    var adaptiveSettings: String { "lr=\(serverLearningRate), b1=\(beta1), b2=\(beta2), tau=\(tau)" }

    /// FedAdam's and FedYogi's options.
    static let adaptiveOptions = [
        StrategyOption("server_lr", "server learning rate", default: 0.01, typical: 0.0001...1),
        StrategyOption("beta1", "first-moment decay", default: 0.9, typical: 0...0.99),
        StrategyOption("beta2", "second-moment decay", default: 0.99, typical: 0.9...0.9999),
        StrategyOption("tau", "adaptivity added to √v", default: 0.001, typical: 1e-9...0.1),
    ]
}
