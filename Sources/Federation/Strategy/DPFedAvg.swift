import ActorMesh
import Foundation

/// Differential privacy with a fixed clipping norm on the server (McMahan et al., "Learning
/// Differentially Private Recurrent Language Models", ICLR 2018), as a wrapper around any strategy:
/// each client's update (wᵢ − w) is clipped to L2 norm C before the inner strategy sees it, and
/// Gaussian noise N(0, (σ·C / n)²) is added to every coordinate of the aggregated update, n being the
/// number of results. σ is the noise multiplier; the privacy budget spent follows from σ, the
/// sampling rate and the rounds (an accountant is not part of this build).
///
/// Everything else is the inner strategy's: its client instructions and hooks, its staleness bound
/// (FedBuff), its per-client models (HeteroFL: each update is clipped against the submodel that
/// client was sent) and its evaluation.
public struct DPFedAvg: RegisteredStrategy {
    public static let descriptor = StrategyDescriptor(
        name: "dp-fedavg",
        options: [
            StrategyOption("clipping_norm", "L2 norm each update is clipped to", default: 1, typical: 0.1...10),
            StrategyOption("noise_multiplier", "σ: noise standard deviation per unit of clipping norm", default: 1, typical: 0.1...5),
            StrategyOption("seed", "seed of the noise", default: 0, kind: .wholeNumber, typical: 0...1_000_000),
        ],
        preAggregatable: false)

    public private(set) var inner: any Strategy
    public let clippingNorm: Double
    public let noiseMultiplier: Double
    private var rng: SplitMix64

    /// - Throws: when C ≤ 0 or σ < 0.
    public init(wrapping inner: any Strategy, clippingNorm: Double, noiseMultiplier: Double, seed: UInt64 = 0xD1FF) throws(FederationError) {
        guard clippingNorm > 0, clippingNorm.isFinite else {
            throw FederationError(.invalidSetting, "DP clipping norm is \(clippingNorm); it must be positive (e.g. 1 to 10; about the median update norm)")
        }
        guard noiseMultiplier >= 0, noiseMultiplier.isFinite else {
            throw FederationError(.invalidSetting, "DP noise multiplier is \(noiseMultiplier); it must be zero or positive (e.g. 0.5 to 2)")
        }
        self.inner = inner
        self.clippingNorm = clippingNorm
        self.noiseMultiplier = noiseMultiplier
        rng = SplitMix64(seed: seed)
    }

    /// DP around FedAvg.
    public init(options: StrategyOptions) throws(FederationError) {
        try self.init(wrapping: try FedAvg(), clippingNorm: options.value("clipping_norm"), noiseMultiplier: options.value("noise_multiplier"),
                      seed: UInt64(try options.count("seed")))
    }

    public var name: String { "DP(\(inner.name), C=\(clippingNorm), sigma=\(noiseMultiplier))" }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        inner.configureFit(round: round, global: global, clients: clients, plan: plan)
    }

    public var maxStaleness: Int? { inner.maxStaleness }

    public mutating func prepare(clients: [ClientDescription], globalCount: Int) throws {
        try inner.prepare(clients: clients, globalCount: globalCount)
    }

    public func validate(_ result: FitResult) throws { try inner.validate(result) }

    public func parameterCount(ofClient id: Int, globalCount: Int) -> Int {
        inner.parameterCount(ofClient: id, globalCount: globalCount)
    }

    public func parameters(forClient id: Int, global: [Float]) -> [Float] {
        inner.parameters(forClient: id, global: global)
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws -> [Float]? {
        guard !results.isEmpty else { return nil }
        var clipped = results
        for i in clipped.indices {
            // The model this client started from: the global one, or its submodel (HeteroFL).
            let reference = inner.parameters(forClient: results[i].clientID, global: global)
            try Aggregation.check([results[i]], length: reference.count)
            let delta = RobustStatistics.clipped(Aggregation.difference(results[i].parameters, reference), toNorm: clippingNorm)
            clipped[i].parameters = zip(reference, delta).map { $0 + $1 }
        }
        guard var next = try inner.aggregateFit(round: round, global: global, results: clipped, failures: failures) else { return nil }
        let std = noiseMultiplier * clippingNorm / Double(results.count)
        if std > 0 {
            for i in next.indices { next[i] += Float(std * gaussian()) }
        }
        return next
    }

    public func aggregateEvaluate(round: Int, results: [EvaluateResult]) -> (loss: Double, accuracy: Double)? {
        inner.aggregateEvaluate(round: round, results: results)
    }

    /// The inner strategy's state and the noise generator's.
    public func checkpointState() throws -> Data {
        try BinaryEncoder().encode(DPState(inner: try inner.checkpointState(), rng: rng))
    }

    public mutating func restoreState(_ state: Data) throws {
        let s: DPState
        do { s = try BinaryDecoder().decode(DPState.self, from: state) } catch {
            throw FederationError(.checkpoint, "the checkpoint's strategy state is not DP-FedAvg's: \(error)")
        }
        try inner.restoreState(s.inner)
        rng = s.rng
    }

    private struct DPState: Codable {
        var inner: Data
        var rng: SplitMix64
    }

    /// A standard normal draw (Box–Muller).
    private mutating func gaussian() -> Double {
        let u1 = max(rng.nextUnitDouble(), 1e-300), u2 = rng.nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
