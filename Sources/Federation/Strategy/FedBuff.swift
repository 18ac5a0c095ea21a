import Foundation

/// FedBuff (Nguyen et al., "Federated Learning with Buffered Asynchronous Aggregation", AISTATS 2022):
/// the server buffers client updates and steps the model once K of them have arrived; an update that
/// was computed from an older model (a straggler's, delivered late) counts with the staleness weight
///
///   s(τ) = (1 + τ)^−a   (a = ½: 1/√(1 + τ), the paper's polynomial choice),
///
/// and one that lags more than `maxStaleness` rounds is dropped. With Δ_i = θ_i − θ (the server hands
/// late updates over as the current model plus the client's own change, see ``FitResult/staleness``):
///
///   buffer ← buffer + s(τ_i)·Δ_i for every result;  once it holds n ≥ K:  θ ← θ + η_g·buffer/n.
///
/// Until the buffer is full ``aggregateFit(round:global:results:failures:)`` returns nil (the model is
/// kept), so every buffered change is relative to the same model. The buffer is part of the
/// checkpoint. Plain (unweighted by sample count) sums, as in the paper.
public struct FedBuff: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "fedbuff",
        options: [
            StrategyOption(
                "buffer_size", "K: updates buffered before each server step", default: 5, kind: .wholeNumber,
                typical: 2...50),
            StrategyOption("server_lr", "server step on the buffered mean change", default: 1, typical: 0.1...2),
            StrategyOption(
                "max_staleness", "rounds an update may lag", default: 5, kind: .wholeNumber, typical: 0...20),
            StrategyOption("staleness_exponent", "a of the staleness weight (1 + τ)^−a", default: 0.5, typical: 0...2),
        ],
        needs: [.lateUpdates, .serverState], preAggregatable: false)

    /// K: updates buffered before the server steps. The paper uses 10 with populations of thousands;
    /// the default 5 is about one round's results in the 15 to 100 client federations simulated here.
    public let bufferSize: Int
    /// η_g, the server step on the buffered mean change (1: apply it as is).
    public let serverLearningRate: Float
    /// Rounds an update may lag and still count; later ones are dropped.
    public let maxLag: Int
    /// a of s(τ) = (1 + τ)^−a (0: staleness does not matter).
    public let stalenessExponent: Double
    /// Σ s(τ_i)·Δ_i of the buffered updates (empty when the buffer is empty).
    public private(set) var buffered: [Float] = []
    /// How many updates the buffer holds.
    public private(set) var bufferedCount = 0

    /// - Throws: ``FederationError`` when K < 1, η_g is not positive, `maxStaleness` is negative or the
    ///   exponent is negative.
    public init(
        bufferSize: Int = 5, serverLearningRate: Float = 1, maxStaleness: Int = 5, stalenessExponent: Double = 0.5
    )
        throws(FederationError)
    {
        guard bufferSize >= 1 else {
            throw FederationError(
                .invalidSetting,
                """
                FedBuff buffer_size is \(bufferSize); it must be at least 1 (the number of updates to collect before \
                each server step)
                """
            )
        }
        guard serverLearningRate > 0, serverLearningRate.isFinite else {
            throw FederationError(
                .invalidSetting,
                "FedBuff server_lr is \(serverLearningRate); it must be positive (1 applies the buffered mean as is)")
        }
        guard maxStaleness >= 0 else {
            throw FederationError(
                .invalidSetting,
                "FedBuff max_staleness is \(maxStaleness); it must be 0 or more rounds (0 drops every late update)")
        }
        guard stalenessExponent >= 0, stalenessExponent.isFinite else {
            throw FederationError(
                .invalidSetting,
                """
                FedBuff staleness_exponent is \(stalenessExponent); it must be 0 or more (0.5 weighs an update by \
                1/√(1 + staleness))
                """
            )
        }
        self.bufferSize = bufferSize
        self.serverLearningRate = serverLearningRate
        self.maxLag = maxStaleness
        self.stalenessExponent = stalenessExponent
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(
            bufferSize: try options.count("buffer_size"), serverLearningRate: options.float("server_lr"),
            maxStaleness: try options.count("max_staleness"), stalenessExponent: options.value("staleness_exponent"))
    }

    public var name: String { "FedBuff(K=\(bufferSize), server_lr=\(serverLearningRate), max_staleness=\(maxLag))" }

    public var maxStaleness: Int? { maxLag }

    /// s(τ) = (1 + τ)^−a.
    public func stalenessWeight(_ staleness: Int) -> Float {
        Float(pow(1 + Double(max(0, staleness)), -stalenessExponent))
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        let n = global.count
        try Aggregation.check(results, length: n)
        if buffered.count != n {
            buffered = [Float](repeating: 0, count: n)
            bufferedCount = 0
        }
        for r in results where r.staleness <= maxLag {
            let s = stalenessWeight(r.staleness)
            for i in 0..<n { buffered[i] += s * (r.parameters[i] - global[i]) }
            bufferedCount += 1
        }
        guard bufferedCount >= bufferSize else { return nil }
        let step = serverLearningRate / Float(bufferedCount)
        var x = global
        for i in 0..<n { x[i] += step * buffered[i] }
        buffered = []
        bufferedCount = 0
        return x
    }
}
