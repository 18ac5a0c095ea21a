/// SCAFFOLD (Karimireddy et al., "SCAFFOLD: Stochastic Controlled Averaging for Federated Learning",
/// ICML 2020): control variates correct the client drift of heterogeneous data.
///
/// The server keeps c and sends it in ``ClientHooks/controlVariate``; each client corrects its local
/// gradients by c − c_i and returns Δc_i (the client rule is in ``ClientAlgorithmState``). The server
/// then steps x ← x + η_g·mean(y_i − x) and c ← c + (|S|/N)·mean(Δc_i), with plain (unweighted) means
/// over the round's results, as in the paper's Algorithm 1.
///
/// N, the population, is not known to a strategy: it is the `clients` setting. With `clients` 0 the
/// factor |S|/N is taken as 1 (full participation, or the c update of the sampled clients alone);
/// otherwise it is min(1, |S|/N).
public struct Scaffold: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "scaffold",
        options: [
            StrategyOption("server_lr", "global step size", default: 1, typical: 0.1...2),
            StrategyOption(
                "clients", "the population N (0: treat |S|/N as 1)", default: 0, kind: .wholeNumber, typical: 0...10_000
            ),
        ],
        needs: [.perClientState, .controlVariates, .serverState], preAggregatable: false, fallback: "fedprox")

    /// Global step size η_g (the paper's default: 1).
    public let serverLearningRate: Float
    /// The population N (0: treat |S|/N as 1).
    public let population: Int
    /// The server control variate c (empty until the first round: zeros).
    public private(set) var controlVariate: [Float] = []

    /// - Throws: ``FederationError`` when η_g is not positive or `population` is negative.
    public init(serverLearningRate: Float = 1, population: Int = 0) throws(FederationError) {
        guard serverLearningRate > 0, serverLearningRate.isFinite else {
            throw FederationError(
                .invalidSetting,
                "SCAFFOLD server learning rate is \(serverLearningRate); it must be positive (the paper uses 1)")
        }
        try Aggregation.checkPopulation(population, of: "SCAFFOLD")
        self.serverLearningRate = serverLearningRate
        self.population = population
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(serverLearningRate: options.float("server_lr"), population: try options.count("clients"))
    }

    public var name: String { "SCAFFOLD(server_lr=\(serverLearningRate))" }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        let c = controlVariate.count == global.count ? controlVariate : [Float](repeating: 0, count: global.count)
        return uniformInstructions(
            round: round, global: global, clients: clients, plan: plan, hooks: ClientHooks(controlVariate: c))
    }

    /// A SCAFFOLD answer must carry the client's control-variate change (its length and values were
    /// checked with the rest of the result).
    public func validate(_ result: FitResult) throws {
        guard result.controlVariateDelta != nil else {
            throw FederationError(
                .invalidUpdate,
                """
                client \(result.clientID) sent no SCAFFOLD control-variate change: every client must run SCAFFOLD's \
                client rule (ClientAlgorithmState)
                """
            )
        }
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        let n = global.count
        try Aggregation.check(results, length: n)
        var deltas: [[Float]] = []
        for r in results {
            guard let d = r.controlVariateDelta, d.count == n, d.allSatisfy(\.isFinite) else {
                throw FederationError(
                    .invalidUpdate,
                    """
                    client \(r.clientID) sent no usable SCAFFOLD control-variate delta \
                    (\(r.controlVariateDelta?.count ?? 0) of \(n) values): every client must run SCAFFOLD's client \
                    rule (ClientAlgorithmState)
                    """
                )
            }
            deltas.append(d)
        }
        let equal = 1 / Double(results.count)
        let meanModel = try WeightedMean.of(results.map { ($0.parameters, equal) }, length: n)
        let meanDelta = try WeightedMean.of(deltas.map { ($0, equal) }, length: n)
        if controlVariate.count != n { controlVariate = [Float](repeating: 0, count: n) }
        let fraction = Aggregation.participationFraction(results: results.count, population: population)
        var x = global
        for i in 0..<n {
            x[i] += serverLearningRate * (meanModel[i] - global[i])
            controlVariate[i] += fraction * meanDelta[i]
        }
        return x
    }
}
