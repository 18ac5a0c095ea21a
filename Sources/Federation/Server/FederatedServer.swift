import ActorMesh
import Distributed
import Foundation
import Logging

/// Drives a federated run: each round it samples available clients, sends them `fit` concurrently
/// with a real-time limit per call, classifies answers by virtual time (`RoundBook`), hands results
/// and failures to the strategy, evaluates, and records the round with the bytes its node metered.
public actor FederatedServer {
    let system: MeshSystem
    let clients: [Int: ClientActor]
    private(set) var descriptions: [Int: ClientDescription] = [:]
    /// Which clients are reachable round by round (nil: all of them, always).
    let directory: (any ClientDirectory)?
    var strategy: any Strategy
    var global: [Float]
    let evaluator: (any LocalTrainer)?
    /// Continual learning: one evaluator per task, on that task's test samples (``ServerConfig/continual``).
    var taskEvaluators: [any LocalTrainer] = []
    let config: ServerConfig
    var rng: SplitMix64
    var lastLoss: [Int: Double] = [:]
    private var completedRounds: [RoundRecord] = []
    /// Stragglers' updates in flight (asynchronous strategies only).
    var late = LateUpdates()
    var logger = Logger(label: "fedactors.server")
    /// Where each site's aggregator is, in a hierarchical run (``ServerConfig/sites``).
    var aggregators: (any AggregatorDirectory)?
    /// Hears of the rounds as they go while ``run(progress:)`` runs.
    var progress: @Sendable (RoundProgress) -> Void = { _ in }

    /// `clients` (by client id) may live on any node; `evaluator` (if any) evaluates the global model centrally.
    /// With `directory`, each round invites only the clients it says are reachable, through the
    /// references it gives (``ClientDirectory``); `clients` are then the whole population, described once.
    public init(
        system: MeshSystem, clients: [Int: ClientActor], strategy: any Strategy, initialParameters: [Float],
        evaluator: sending (any LocalTrainer)?, config: ServerConfig, directory: (any ClientDirectory)? = nil
    ) throws {
        // A client's drop-out arrives as a FederationError the round loop checks by code.
        RemoteErrorTypes.register(FederationError.self)
        self.system = system
        self.clients = clients
        self.directory = directory
        self.strategy = strategy
        global = initialParameters
        self.evaluator = evaluator
        self.config = try config.validated(clients: clients.count)
        rng = SplitMix64(seed: config.seed)
    }

    /// The current global parameters.
    public var parameters: [Float] { global }

    /// Where the aggregators of ``ServerConfig/sites`` are found (before `run`).
    package func useAggregators(_ directory: any AggregatorDirectory) {
        aggregators = directory
    }

    /// Runs every round; `progress` hears of each round as it goes (``RoundProgress``): its start, each
    /// client's answer, and its record once complete (after the checkpoint is written).
    public func run(progress: @escaping @Sendable (RoundProgress) -> Void = { _ in }) async throws -> RunReport {
        self.progress = progress
        defer { self.progress = { _ in } }
        try await prepare()
        var report = RunReport(summary: [
            "strategy": strategy.name, "compression": config.compression?.name ?? "none",
            "clients": String(clients.count), "rounds": String(config.rounds),
            "participation": String(config.participation.fraction),
        ])
        report.rounds = completedRounds
        if !completedRounds.isEmpty { report.summary["resumed after round"] = String(completedRounds.count) }
        guard completedRounds.count < config.rounds else { return report }
        for round in completedRounds.count + 1...config.rounds {
            guard let record = try await runRoundUnlessInterrupted(round) else {
                markInterrupted(&report)
                return report
            }
            report.rounds.append(record)
            completedRounds.append(record)
            await directory?.roundEnded(record)
            if let url = config.checkpointURL { try checkpoint().write(to: url) }
            progress(.ended(record))
        }
        report.summary.merge(report.tierSummary) { $1 }
        report.summary.merge(ContinualMetrics(rounds: report.rounds).summary) { $1 }
        if let spent = strategy.privacySpent {
            report.summary["privacy spent"] =
                String(format: "epsilon %.3f at delta %g", spent.epsilon, spent.delta) + " (\(spent.accountant))"
        }
        return report
    }

    /// The state after the last completed round.
    package func checkpoint() throws -> ServerCheckpoint {
        ServerCheckpoint(
            formatVersion: ServerCheckpoint.formatVersion, runIdentity: runIdentity, fingerprint: config.fingerprint,
            completedRounds: completedRounds.count,
            parameters: global, strategyState: try strategy.checkpointState(), sampler: rng, lastLoss: lastLoss,
            rounds: completedRounds, lateUpdates: late.pending.isEmpty ? nil : late)
    }

    /// Continues from `checkpoint` (before `run`): the next round is the one after it.
    package func resume(from checkpoint: ServerCheckpoint) throws {
        guard checkpoint.runIdentity == runIdentity else {
            throw FederationError(
                .checkpoint,
                "the checkpoint belongs to another run (\(checkpoint.runIdentity)); this one is \(runIdentity)")
        }
        try checkpoint.check(
            fingerprint: config.fingerprint, parameterCount: global.count, clientIDs: Set(clients.keys))
        let late = checkpoint.lateUpdates ?? LateUpdates()
        let configured = strategy
        try strategy.restoreState(checkpoint.strategyState)
        guard strategy.name == configured.name else {
            let restored = strategy.name
            strategy = configured
            throw FederationError(
                .checkpoint,
                "the checkpoint's strategy state is \(restored), but this run is configured as \(configured.name)")
        }
        if let problem = ServerCheckpoint.stateProblem(in: strategy, parameterCount: global.count) {
            strategy = configured
            throw FederationError(
                .checkpoint,
                """
                the checkpoint's strategy state is unusable: \(problem); start afresh or resume from an earlier \
                checkpoint
                """
            )
        }
        global = checkpoint.parameters
        rng = checkpoint.sampler
        lastLoss = checkpoint.lastLoss
        completedRounds = checkpoint.rounds
        self.late = late
    }

    /// What must match for a checkpoint to continue this run.
    private var runIdentity: String {
        "strategy \(strategy.name), \(clients.count) clients, \(global.count) parameters, seed \(config.seed)"
    }

    /// Asks every client to describe itself (data size, model size, profile); `run` does it if not done.
    public func prepare() async throws {
        guard descriptions.isEmpty else { return }
        try checkSites()
        let timeout = config.callTimeout
        descriptions = try await withThrowingTaskGroup(of: ClientDescription.self) { group in
            for (id, client) in clients {
                group.addTask {
                    let d = try await MeshSystem.withDeadline(timeout) { try await client.describe() }
                    // Each client must describe itself under the id it was registered with: two
                    // clients swapping ids would otherwise swap their data sizes and profiles.
                    guard d.clientID == id else {
                        throw FederationError(
                            .invalidSetting,
                            """
                            the client registered as \(id) describes itself as client \(d.clientID); give each node's \
                            clients the ids the topology assigns them
                            """
                        )
                    }
                    return d
                }
            }
            var out: [Int: ClientDescription] = [:]
            for try await d in group { out[d.clientID] = try d.checked() }
            return out
        }
        guard Set(descriptions.keys) == Set(clients.keys) else {
            throw FederationError(
                .invalidSetting,
                """
                client ids \(descriptions.keys.sorted()) reported by the clients differ from the ids they were \
                registered under \(clients.keys.sorted())
                """
            )
        }
        try strategy.prepare(
            clients: descriptions.values.sorted { $0.clientID < $1.clientID }, globalCount: global.count)
        for d in descriptions.values {
            let expected = strategy.parameterCount(ofClient: d.clientID, globalCount: global.count)
            guard d.parameterCount == expected else {
                throw FederationError(
                    .invalidSetting,
                    """
                    client \(d.clientID) has a model of \(d.parameterCount) parameters; \(strategy.name) gives it \
                    \(expected) (the global model has \(global.count)): build every client's model for the run's \
                    strategy
                    """
                )
            }
        }
    }

    /// One round, start to record.
    func runRound(_ round: Int) async throws -> RoundRecord {
        let wallStart = ContinuousClock.now
        let ledgerBefore = system.ledger.snapshot()
        var record = RoundRecord(round: round)
        if strategy.maxStaleness != nil { record.lateApplied = []; record.tooStale = [] }
        // Virtual instant the round starts at: the rounds so far, back to back.
        let roundStart = completedRounds.reduce(0.0) { $0 + $1.virtualSeconds }

        // Who is online this round (reachable, and not still working on an earlier round's model).
        let reach = await reachableOnline(round: round, busy: late.busy, at: roundStart)
        record.unreachable = reach.unreachable.isEmpty ? nil : reach.unreachable
        let k = config.participation.target(population: clients.count)
        guard let invited = invite(from: reach.online, target: k, into: &record, roundStart: roundStart) else {
            record.wallSeconds = (ContinuousClock.now - wallStart).seconds
            return record
        }
        let (instructions, scale, cutOff) = fitInstructions(round: round, invited: invited)
        progress(.started(round: round, invited: invited.sorted()))
        var answers: RoundAnswers
        if config.sites.isEmpty {
            let arrivals = await fitAll(
                instructions, to: reach.references, round: round, cutOffAfter: cutOff.map { Duration.seconds($0) })
            answers = classify(
                arrivals, of: instructions, target: k, realTimeScale: scale, into: &record, round: round,
                roundStart: roundStart)
        } else {
            answers = await collectThroughSites(instructions, references: reach.references, into: &record, round: round)
        }
        aggregate(&answers, into: &record, round: round, roundStart: roundStart)
        try await evaluate(into: &record, round: round, references: reach.references)
        recordTraffic(&record, since: ledgerBefore, startedAt: wallStart)
        return record
    }
}
