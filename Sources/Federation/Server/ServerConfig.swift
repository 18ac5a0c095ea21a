import Foundation

/// How the server runs rounds.
public struct ServerConfig: Sendable {
    public var rounds: Int
    public var participation: ParticipationPolicy
    /// Local training every client does per round.
    public var plan: LocalPlan
    /// Round deadline in virtual seconds; clients whose virtual round time exceeds it straggle. `nil`: none.
    public var roundDeadlineSeconds: Double?
    /// Real-time limit of each fit/evaluate call (a crashed or vanished client fails after it).
    public var callTimeout: Duration
    /// Evaluate the global model centrally every this many rounds (and after the last one). 0: never.
    public var evaluateEvery: Int
    /// Also ask the round's completed clients to evaluate the new global model on their own data.
    public var federatedEvaluation: Bool
    /// Seed of client availability and selection.
    public var seed: UInt64
    /// How clients compress their updates (nil: uncompressed).
    public var compression: Compression?
    /// Where to write a `ServerCheckpoint` after every round (nil: no checkpoints).
    public var checkpointURL: URL?
    /// Simulated (virtual) or real delays; see ``TimeMode``.
    public var timeMode: TimeMode
    /// In real time, whether clients sleep for their links' transfer times too (true), or only for
    /// their compute time, the transfers taking what the real network takes (false: links applied
    /// physically, e.g. with `fedactors emulate`).
    public var pacesNetwork = true
    /// When clients with an availability trace are online (virtual time); others are online whenever
    /// their device's `availability` probability says so.
    public var availability: [Int: AvailabilityWindows] = [:]
    /// The shared links clients' transfers cross in virtual time (none: each client on its own link).
    package var network = NetworkModel()
    /// The settings that determine the run: written into every checkpoint, and a checkpoint written
    /// under others is refused on resume (``RunFingerprint``). Empty for a run configured in code.
    package var fingerprint: RunFingerprint = .empty
    /// Hierarchical runs: the aggregators and the clients under each (empty: every client talks to
    /// the server). See ``AggregationSite``.
    package var sites: [AggregationSite] = []
    /// Actor types (`String(reflecting:)`) whose messages are not the round's traffic, beside the node
    /// service's: e.g. the news a server placed on a host sends its driver while the round goes.
    package var sideTrafficActorTypes: Set<String> = []
    /// Class-incremental continual learning: after each task's last round the server measures the
    /// global model on every task so far (``FederatedServer/useTaskEvaluators(_:)``); nil: no tasks.
    package var continual: ContinualLearning? = nil

    public init(
        rounds: Int = 10, participation: ParticipationPolicy = ParticipationPolicy(), plan: LocalPlan = LocalPlan(),
        roundDeadlineSeconds: Double? = nil, callTimeout: Duration = .seconds(120), evaluateEvery: Int = 1,
        federatedEvaluation: Bool = false, seed: UInt64 = 42, compression: Compression? = nil,
        checkpointURL: URL? = nil,
        timeMode: TimeMode = .virtual
    ) {
        self.timeMode = timeMode
        self.checkpointURL = checkpointURL
        self.compression = compression
        self.rounds = rounds
        self.participation = participation
        self.plan = plan
        self.roundDeadlineSeconds = roundDeadlineSeconds
        self.callTimeout = callTimeout
        self.evaluateEvery = evaluateEvery
        self.federatedEvaluation = federatedEvaluation
        self.seed = seed
    }

    /// Checks every setting against a population of `clients`.
    package func validated(clients: Int) throws(FederationError) -> ServerConfig {
        guard rounds >= 1 else { throw FederationError(.invalidSetting, "rounds is \(rounds); it must be at least 1") }
        guard clients >= 1 else { throw FederationError(.notEnoughClients, "the federation has no clients") }
        _ = try participation.validated(clients: clients)
        _ = try plan.validated()
        if let d = roundDeadlineSeconds, !(d > 0) {
            throw FederationError(.invalidSetting, "round deadline is \(d) s; it must be positive (or absent)")
        }
        guard callTimeout > .zero else { throw FederationError(.invalidSetting, "call timeout must be positive") }
        _ = try timeMode.validated()
        _ = try network.validated()
        if let continual, continual.rounds != rounds {
            throw FederationError(
                .invalidSetting,
                "\(continual.tasks) tasks of \(continual.roundsPerTask) rounds are \(continual.rounds) rounds, but the run has \(rounds): make rounds tasks × rounds_per_task"
            )
        }
        guard evaluateEvery >= 0 else {
            throw FederationError(.invalidSetting, "evaluateEvery is \(evaluateEvery); it must be 0 or more")
        }
        return self
    }
}
