import ActorMesh
import Foundation

/// Differential privacy with a fixed clipping norm on the server (McMahan et al., "Learning
/// Differentially Private Recurrent Language Models", ICLR 2018), as a wrapper around any strategy:
/// each client's update (wᵢ − w) is clipped to L2 norm C before the inner strategy sees it, and
/// Gaussian noise N(0, (σ·C / n)²) is added to every coordinate of the aggregated update, n being the
/// number of results. σ is the noise multiplier.
///
/// The privacy spent is accounted after each round (``privacySpent``) with an `RDPAccountant`:
/// user-level DP, one step per round, the round's sampling rate being the clients whose updates were
/// aggregated over the population. Two approximations, as in the DP-FedAvg literature: the clients
/// are sampled without replacement, not by Poisson sampling as the analysis assumes, and the noise is
/// scaled by the clients that answered rather than a fixed expected number.
///
/// Everything else is the inner strategy's: its client instructions and hooks, its staleness bound
/// (FedBuff), its per-client models (HeteroFL: each update is clipped against the submodel that
/// client was sent) and its evaluation.
public struct DPFedAvg: RegisteredStrategy {
    package static let descriptor = StrategyDescriptor(
        name: "dp-fedavg",
        options: [
            StrategyOption("clipping_norm", "L2 norm each update is clipped to", default: 1, typical: 0.1...10),
            StrategyOption(
                "noise_multiplier", "σ: noise standard deviation per unit of clipping norm", default: 1,
                typical: 0.1...5),
            StrategyOption("delta", "δ of the (ε, δ) the run reports spent", default: 1e-5, typical: 1e-7...1e-3),
            StrategyOption(
                "target_epsilon", "ε to spend over the planned rounds: sets noise_multiplier (0: none)", default: 0,
                typical: 0...10),
            StrategyOption("seed", "seed of the noise", default: 0, kind: .wholeNumber, typical: 0...1_000_000),
        ],
        preAggregatable: false)

    public private(set) var inner: any Strategy
    public let clippingNorm: Double
    public let noiseMultiplier: Double
    /// The δ the ε spent is given for.
    public let delta: Double
    private var rng: SplitMix64
    private var accountant = RDPAccountant()
    /// The clients of the federation (the population the rounds sample from).
    private var population = 0

    /// - Throws: when C ≤ 0, σ < 0 or δ is not in (0, 1).
    public init(
        wrapping inner: any Strategy, clippingNorm: Double, noiseMultiplier: Double, delta: Double = 1e-5,
        seed: UInt64 = 0xD1FF
    ) throws(FederationError) {
        guard delta > 0, delta < 1 else {
            throw FederationError(
                .invalidSetting,
                "DP delta is \(delta); it must be between 0 and 1 (e.g. 1e-5, below 1 / the number of clients)")
        }
        guard clippingNorm > 0, clippingNorm.isFinite else {
            throw FederationError(
                .invalidSetting,
                "DP clipping norm is \(clippingNorm); it must be positive (e.g. 1 to 10; about the median update norm)")
        }
        guard noiseMultiplier >= 0, noiseMultiplier.isFinite else {
            throw FederationError(
                .invalidSetting,
                "DP noise multiplier is \(noiseMultiplier); it must be zero or positive (e.g. 0.5 to 2)")
        }
        self.inner = inner
        self.clippingNorm = clippingNorm
        self.noiseMultiplier = noiseMultiplier
        self.delta = delta
        rng = SplitMix64(seed: seed)
    }

    /// DP around FedAvg. A target ε becomes the noise multiplier in the run's plan, which knows the
    /// rounds and the participation (TopologySpec.resolvingPrivacyTarget); here only its value is checked.
    package init(options: StrategyOptions) throws(FederationError) {
        let target = options.value("target_epsilon")
        guard target >= 0, target.isFinite else {
            throw FederationError(
                .invalidSetting,
                "dp-fedavg target_epsilon is \(target); give a positive ε (e.g. 1 to 10), or 0 for none")
        }
        guard target == 0 || options.given["noise_multiplier"] == nil else {
            throw FederationError(
                .invalidSetting,
                "dp-fedavg has both target_epsilon and noise_multiplier: give one (the target sets the noise)")
        }
        try self.init(
            wrapping: try FedAvg(), clippingNorm: options.value("clipping_norm"),
            noiseMultiplier: options.value("noise_multiplier"),
            delta: options.value("delta"), seed: UInt64(try options.count("seed")))
    }

    /// ε spent so far for ``delta``; nil without noise (no guarantee) or before the first round.
    public var privacySpent: PrivacySpent? {
        guard noiseMultiplier > 0, accountant.steps > 0 else { return nil }
        let spent = accountant.epsilon(delta: delta).epsilon
        guard spent.isFinite else { return nil }
        return PrivacySpent(
            epsilon: spent, delta: delta, accountant: "RDP, sampled Gaussian, \(accountant.steps) rounds")
    }

    public var name: String { "DP(\(inner.name), C=\(clippingNorm), sigma=\(noiseMultiplier))" }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        inner.configureFit(round: round, global: global, clients: clients, plan: plan)
    }

    public var maxStaleness: Int? { inner.maxStaleness }

    public mutating func prepare(clients: [ClientDescription], globalCount: Int) throws {
        try inner.prepare(clients: clients, globalCount: globalCount)
        population = clients.count
    }

    public func validate(_ result: FitResult) throws { try inner.validate(result) }

    public func parameterCount(ofClient id: Int, globalCount: Int) -> Int {
        inner.parameterCount(ofClient: id, globalCount: globalCount)
    }

    public func parameters(forClient id: Int, global: [Float]) -> [Float] {
        inner.parameters(forClient: id, global: global)
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        var clipped = results
        for i in clipped.indices {
            // The model this client started from: the global one, or its submodel (HeteroFL).
            let reference = inner.parameters(forClient: results[i].clientID, global: global)
            try Aggregation.check([results[i]], length: reference.count)
            let delta = RobustStatistics.clipped(
                Aggregation.difference(results[i].parameters, reference), toNorm: clippingNorm)
            clipped[i].parameters = zip(reference, delta).map { $0 + $1 }
        }
        guard var next = try inner.aggregateFit(round: round, global: global, results: clipped, failures: failures)
        else { return nil }
        let std = noiseMultiplier * clippingNorm / Double(results.count)
        if std > 0 {
            for i in next.indices { next[i] += Float(std * gaussian()) }
        }
        accountant.step(
            noiseMultiplier: noiseMultiplier,
            sampleRate: min(1, Double(results.count) / Double(max(population, results.count))))
        return next
    }

    public func aggregateEvaluate(round: Int, results: [EvaluateResult]) -> (loss: Double, accuracy: Double)? {
        inner.aggregateEvaluate(round: round, results: results)
    }

    /// The inner strategy's state and the noise generator's.
    public func checkpointState() throws -> Data {
        try BinaryEncoder().encode(DPState(inner: try inner.checkpointState(), rng: rng, accountant: accountant))
    }

    public mutating func restoreState(_ state: Data) throws {
        let s: DPState
        do { s = try BinaryDecoder().decode(DPState.self, from: state) } catch {
            throw FederationError(.checkpoint, "the checkpoint's strategy state is not DP-FedAvg's: \(error)")
        }
        try inner.restoreState(s.inner)
        rng = s.rng
        accountant = s.accountant ?? RDPAccountant()
    }

    private struct DPState: Codable {
        var inner: Data
        var rng: SplitMix64
        /// Optional: checkpoints written before accounting existed still load (their rounds unaccounted).
        var accountant: RDPAccountant?
    }

    /// A standard normal draw (Box–Muller).
    private mutating func gaussian() -> Double {
        let u1 = max(rng.nextUnitDouble(), 1e-300), u2 = rng.nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
