import ActorMesh
import Foundation

/// A client's failure to deliver a usable result this round, as the strategy sees it.
public struct ClientFailure: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// Past the round deadline in virtual time.
        case straggler
        /// Dropped out mid-round (simulated device failure).
        case dropout
        /// The call failed: crash, vanished peer, error.
        case error
    }
    public var clientID: Int
    public var kind: Kind
    public var reason: String
    public init(clientID: Int, kind: Kind, reason: String) {
        self.clientID = clientID
        self.kind = kind
        self.reason = reason
    }
}

/// A federated-learning algorithm, in Flower's shape: the server loop only calls these methods.
///
/// Strategies are values: their state (server momentum, optimizer moments, control variates) lives in
/// their stored properties and changes only in the `mutating` methods, so a checkpoint is a copy.
/// Bad settings fail in the initializer with a ``FederationError`` naming the setting.
public protocol Strategy: Sendable {
    /// A short name for reports, e.g. "FedAvg" or "FedProx(mu=0.01)".
    var name: String { get }

    /// What each selected client gets for `fit` this round (same plan for all, by default).
    func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions]

    /// The new global parameters from this round's results, or `nil` to keep the current ones
    /// (e.g. when too few results arrived). `failures` lists the invited clients that gave no usable result.
    mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws
        -> [Float]?

    /// Throws unless `result` carries what this algorithm needs from a client (SCAFFOLD: a control
    /// variate change). The server calls it on each answer after its own checks (lengths, counts,
    /// finiteness), so an unusable answer makes that client a failure of the round instead of
    /// failing the aggregation. The default accepts every result.
    func validate(_ result: FitResult) throws

    /// Asynchronous strategies (FedBuff): how many rounds a straggler's update may lag behind the
    /// round that receives it and still be delivered. The server then keeps a straggler's update in
    /// flight until its virtual arrival time and hands it to ``aggregateFit(round:global:results:failures:)``
    /// in that later round, with ``FitResult/staleness`` set; updates that would lag more are dropped.
    /// `nil` (the default): synchronous, stragglers' updates are discarded.
    var maxStaleness: Int? { get }

    /// Called once the clients have described themselves, before the first round (and again after a
    /// resume): a strategy that depends on what the clients hold (HeteroFL: their model widths) reads
    /// it here. Throws when the clients cannot serve the strategy. The default does nothing.
    mutating func prepare(clients: [ClientDescription], globalCount: Int) throws

    /// Strategies with per-client submodels (HeteroFL): the length of client `id`'s parameter vector
    /// when the global model has `globalCount`. The default: every client holds the whole model.
    func parameterCount(ofClient id: Int, globalCount: Int) -> Int

    /// The parameters client `id` evaluates when the global model is `global` (its submodel, for
    /// HeteroFL). The default: `global`.
    func parameters(forClient id: Int, global: [Float]) -> [Float]

    /// Sample-weighted aggregation of federated evaluation results.
    func aggregateEvaluate(round: Int, results: [EvaluateResult]) -> (loss: Double, accuracy: Double)?

    /// The strategy's state for a checkpoint. Strategies that are `Codable` get this for free (their
    /// stored properties are their state); others are treated as stateless.
    func checkpointState() throws -> Data

    /// Restores state written by ``checkpointState()``.
    mutating func restoreState(_ state: Data) throws

    /// The privacy spent so far, for strategies that give a differential-privacy guarantee (DP-FedAvg);
    /// nil for the others.
    var privacySpent: PrivacySpent? { get }
}

/// The (ε, δ) a differentially private run has spent so far, and how it was computed.
public struct PrivacySpent: Sendable, Equatable {
    public var epsilon: Double
    public var delta: Double
    public var accountant: String
}

extension Strategy {
    /// Synchronous: stragglers' updates are discarded.
    public var maxStaleness: Int? { nil }

    /// No privacy guarantee.
    public var privacySpent: PrivacySpent? { nil }

    public mutating func prepare(clients: [ClientDescription], globalCount: Int) throws {}

    public func validate(_ result: FitResult) throws {}

    /// Every client holds the whole model.
    public func parameterCount(ofClient id: Int, globalCount: Int) -> Int { globalCount }

    /// Every client evaluates the global model.
    public func parameters(forClient id: Int, global: [Float]) -> [Float] { global }

    public func checkpointState() throws -> Data { Data() }

    public mutating func restoreState(_ state: Data) throws {
        guard state.isEmpty else {
            throw FederationError(
                .checkpoint,
                """
                \(name) keeps no state, but the checkpoint holds \(state.count) bytes of strategy state: it was \
                written by another strategy
                """
            )
        }
    }
}

extension Strategy where Self: Codable {
    public func checkpointState() throws -> Data { try BinaryEncoder().encode(self) }

    public mutating func restoreState(_ state: Data) throws {
        do {
            self = try BinaryDecoder().decode(Self.self, from: state)
        } catch {
            throw FederationError(.checkpoint, "the checkpoint's strategy state is not a \(Self.self): \(error)")
        }
    }
}

extension Strategy {
    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        uniformInstructions(round: round, global: global, clients: clients, plan: plan)
    }

    /// The same `plan` and `hooks` for every client, each with its own seed for this round.
    public func uniformInstructions(
        round: Int, global: [Float], clients: [Int], plan: LocalPlan, hooks: ClientHooks = ClientHooks()
    ) -> [Int: FitInstructions] {
        var out: [Int: FitInstructions] = [:]
        for c in clients {
            var p = plan
            p.seed = plan.seed &+ UInt64(round) &* 1_000_003 &+ UInt64(c)
            out[c] = FitInstructions(round: round, parameters: global, plan: p, hooks: hooks)
        }
        return out
    }

    public func aggregateEvaluate(round: Int, results: [EvaluateResult]) -> (loss: Double, accuracy: Double)? {
        let usable = results.filter(\.isPlausible)
        let total = usable.reduce(0.0) { $0 + Double($1.sampleCount) }
        guard total > 0 else { return nil }
        let loss = usable.reduce(0.0) { $0 + $1.loss * Double($1.sampleCount) } / total
        let accuracy = usable.reduce(0.0) { $0 + $1.accuracy * Double($1.sampleCount) } / total
        return (loss, accuracy)
    }
}
