import ActorMesh
import Distributed
import Foundation
import Logging

/// Drives a federated run: each round it samples available clients, sends them `fit` concurrently
/// with a real-time limit per call, classifies answers by virtual time (``RoundBook``), hands results
/// and failures to the strategy, evaluates, and records the round with the bytes its node metered.
public actor FederatedServer {
    let system: MeshSystem
    let clients: [Int: ClientActor]
    private(set) var descriptions: [Int: ClientDescription] = [:]
    /// Which clients are reachable round by round (nil: all of them, always).
    let directory: (any ClientDirectory)?
    private(set) var strategy: any Strategy
    private(set) var global: [Float]
    private let evaluator: (any LocalTrainer)?
    let config: ServerConfig
    var rng: SplitMix64
    private var lastLoss: [Int: Double] = [:]
    private var completedRounds: [RoundRecord] = []
    /// Stragglers' updates in flight (asynchronous strategies only).
    private var late = LateUpdates()
    var logger = Logger(label: "fedactors.server")

    /// `clients` (by client id) may live on any node; `evaluator` (if any) evaluates the global model centrally.
    /// With `directory`, each round invites only the clients it says are reachable, through the
    /// references it gives (``ClientDirectory``); `clients` are then the whole population, described once.
    public init(system: MeshSystem, clients: [Int: ClientActor], strategy: any Strategy, initialParameters: [Float],
                evaluator: sending (any LocalTrainer)?, config: ServerConfig, directory: (any ClientDirectory)? = nil) throws {
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

    /// Runs every round; `progress` is called with each round's record as it completes.
    public func run(progress: @Sendable (RoundRecord) -> Void = { _ in }) async throws -> RunReport {
        try await prepare()
        var report = RunReport(summary: [
            "strategy": strategy.name, "compression": config.compression?.name ?? "none", "clients": String(clients.count), "rounds": String(config.rounds),
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
            progress(record)
        }
        return report
    }

    /// The state after the last completed round.
    public func checkpoint() throws -> ServerCheckpoint {
        ServerCheckpoint(
            formatVersion: ServerCheckpoint.formatVersion, runIdentity: runIdentity, fingerprint: config.fingerprint,
            completedRounds: completedRounds.count,
            parameters: global, strategyState: try strategy.checkpointState(), sampler: rng, lastLoss: lastLoss,
            rounds: completedRounds, lateUpdates: late.pending.isEmpty ? nil : late)
    }

    /// Continues from `checkpoint` (before `run`): the next round is the one after it.
    public func resume(from checkpoint: ServerCheckpoint) throws {
        guard checkpoint.runIdentity == runIdentity else {
            throw FederationError(.checkpoint, "the checkpoint belongs to another run (\(checkpoint.runIdentity)); this one is \(runIdentity)")
        }
        try checkpoint.check(fingerprint: config.fingerprint, parameterCount: global.count, clientIDs: Set(clients.keys))
        let late = checkpoint.lateUpdates ?? LateUpdates()
        let configured = strategy
        try strategy.restoreState(checkpoint.strategyState)
        guard strategy.name == configured.name else {
            let restored = strategy.name
            strategy = configured
            throw FederationError(.checkpoint, "the checkpoint's strategy state is \(restored), but this run is configured as \(configured.name)")
        }
        if let problem = ServerCheckpoint.stateProblem(in: strategy, parameterCount: global.count) {
            strategy = configured
            throw FederationError(.checkpoint, "the checkpoint's strategy state is unusable: \(problem); start afresh or resume from an earlier checkpoint")
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
        let timeout = config.callTimeout
        descriptions = try await withThrowingTaskGroup(of: ClientDescription.self) { group in
            for (id, client) in clients {
                group.addTask {
                    let d = try await MeshSystem.withDeadline(timeout) { try await client.describe() }
                    // Each client must describe itself under the id it was registered with: two
                    // clients swapping ids would otherwise swap their data sizes and profiles.
                    guard d.clientID == id else {
                        throw FederationError(.invalidSetting, "the client registered as \(id) describes itself as client \(d.clientID); give each node's clients the ids the topology assigns them")
                    }
                    return d
                }
            }
            var out: [Int: ClientDescription] = [:]
            for try await d in group { out[d.clientID] = try d.checked() }
            return out
        }
        guard Set(descriptions.keys) == Set(clients.keys) else {
            throw FederationError(.invalidSetting, "client ids \(descriptions.keys.sorted()) reported by the clients differ from the ids they were registered under \(clients.keys.sorted())")
        }
        try strategy.prepare(clients: descriptions.values.sorted { $0.clientID < $1.clientID }, globalCount: global.count)
        for d in descriptions.values {
            let expected = strategy.parameterCount(ofClient: d.clientID, globalCount: global.count)
            guard d.parameterCount == expected else {
                throw FederationError(.invalidSetting, "client \(d.clientID) has a model of \(d.parameterCount) parameters; \(strategy.name) gives it \(expected) (the global model has \(global.count)): build every client's model for the run's strategy")
            }
        }
    }

    /// One round, start to record.
    func runRound(_ round: Int) async throws -> RoundRecord {
        let wallStart = ContinuousClock.now
        let ledgerBefore = system.ledger.snapshot()
        var record = RoundRecord(round: round)
        let maxStaleness = strategy.maxStaleness
        if maxStaleness != nil { record.lateApplied = []; record.tooStale = [] }
        // Virtual instant the round starts at: the rounds so far, back to back.
        let roundStart = completedRounds.reduce(0.0) { $0 + $1.virtualSeconds }

        // Who is online this round (reachable, and not still working on an earlier round's model), then who is invited.
        let reach = await reachableOnline(round: round, busy: late.busy)
        record.unreachable = reach.unreachable.isEmpty ? nil : reach.unreachable
        let online = reach.online
        let k = config.participation.target(population: clients.count)
        guard online.count >= config.participation.minAvailable else {
            logger.warning("round \(round): \(online.count) clients online, fewer than minAvailable \(config.participation.minAvailable); keeping the model")
            record.aggregationError = "\(online.count) client\(online.count == 1 ? "" : "s") online, fewer than min_available \(config.participation.minAvailable): no client was invited"
            // Busy clients come back when their late update arrives: idle until then, so time moves on.
            if let next = late.nextArrival { record.virtualSeconds = max(0, next - roundStart) }
            record.wallSeconds = (ContinuousClock.now - wallStart).seconds
            return record
        }
        let candidates = online.map { Candidate(id: $0, sampleCount: descriptions[$0]?.sampleCount ?? 0, lastLoss: lastLoss[$0]) }
        let invited = ClientSampler.select(
            config.participation.invitations(target: k, available: online.count), from: candidates,
            sampling: config.participation.sampling, using: &rng)
        record.invited = invited.sorted()

        // Fit, concurrently, each call limited in real time.
        var instructions = strategy.configureFit(round: round, global: global, clients: invited, plan: config.plan)
        if let compression = config.compression {
            for id in instructions.keys { instructions[id]?.compression = compression }
        }
        let scale = config.timeMode.realTimeScale
        // In real time the deadline is on the wall clock: the server stops waiting when it passes.
        let cutOff = scale.flatMap { s in config.roundDeadlineSeconds.map { $0 * s } }
        if let scale {
            let pacing = RealTimePacing(scale: scale, limitSeconds: cutOff.map { $0 + RealTimePacing.stragglerMargin })
            for id in instructions.keys { instructions[id]?.pacing = pacing }
        }
        let arrivals = await fitAll(instructions, to: reach.references, cutOffAfter: cutOff.map { Duration.seconds($0) })

        // Every invited client was sent the model, whether it answers or not.
        record.clientBytesDown = instructions.mapValues { 4 * $0.parameters.count }
        record.logicalBytesDown = instructions.values.reduce(0) { $0 + 4 * $1.parameters.count }
        record.clientBytesUp = [:]
        var book = RoundBook(target: k, deadlineSeconds: config.roundDeadlineSeconds)
        var results: [Int: FitResult] = [:]
        var failures: [ClientFailure] = []
        for id in instructions.keys where arrivals[id] == nil { book.cutOff(id) }
        for (id, arrival) in arrivals {
            switch arrival.outcome {
            case .success(var result):
                let sent = instructions[id]?.parameters ?? global
                let up: Int, seconds: Double
                do {
                    try result.check(from: id, sentCount: sent.count, describedSamples: descriptions[id]?.sampleCount)
                    up = try Self.restoreParameters(of: &result, sentParameters: sent)
                    try strategy.validate(result)
                    // Real time: what the wall clock measured, in virtual seconds. Virtual: what the profile says.
                    let profile = descriptions[id]?.profile ?? ClientProfile()
                    seconds = scale.map { arrival.seconds / $0 }
                        ?? VirtualTiming(profile: profile, flops: result.flops, bytesDown: 4 * sent.count, bytesUp: up).totalSeconds
                    // A time the clock cannot hold (a huge FLOP count on a tiny speed) would poison the
                    // virtual clock and the checkpoint: the answer is unusable.
                    guard seconds.isFinite, seconds >= 0 else {
                        throw FederationError(.invalidUpdate, "client \(id)'s round time is \(seconds) virtual seconds (\(result.flops) FLOPs at \(profile.device.flopsPerSecond) FLOP/s)")
                    }
                } catch {
                    book.failed(id, .failed(reason: "\(error)"))
                    failures.append(ClientFailure(clientID: id, kind: .error, reason: "\(error)"))
                    continue
                }
                record.logicalBytesUp += up
                record.clientBytesUp?[id] = up
                book.answered(id, virtualSeconds: seconds)
                record.clientVirtualSeconds[id] = seconds
                results[id] = result
                lastLoss[id] = result.trainLoss
            case .failure(let error):
                if let f = error as? FederationError, f.code == .droppedOut {
                    book.failed(id, .dropped)
                    failures.append(ClientFailure(clientID: id, kind: .dropout, reason: f.message))
                } else {
                    book.failed(id, .failed(reason: "\(error)"))
                    failures.append(ClientFailure(clientID: id, kind: .error, reason: "\(error)"))
                }
            }
        }
        for (id, outcome) in book.outcomes {
            switch outcome {
            case .straggled(let seconds):
                record.straggled.append(id)
                if maxStaleness != nil, let result = results[id], let sent = instructions[id]?.parameters {
                    late.hold(result, sent: sent, round: round, arrival: roundStart + seconds)
                    failures.append(ClientFailure(clientID: id, kind: .straggler, reason: "past the round deadline; its update arrives in a later round"))
                } else {
                    failures.append(ClientFailure(clientID: id, kind: .straggler, reason: "past the round deadline"))
                }
            case .surplus: record.surplus.append(id)
            case .dropped: record.dropped.append(id)
            case .failed(let reason):
                record.failed.append(id)
                record.failureReasons = record.failureReasons ?? [:]
                record.failureReasons?[id] = reason
            case .completed: break
            }
        }
        record.straggled.sort(); record.surplus.sort(); record.dropped.sort(); record.failed.sort()
        record.completed = book.completed
        record.virtualSeconds = book.virtualSeconds

        let fresh = record.completed.compactMap { results[$0] }
        let samples = fresh.reduce(0) { $0 + $1.sampleCount }
        if samples > 0 { record.trainLoss = fresh.reduce(0.0) { $0 + $1.trainLoss * Double($1.sampleCount) } / Double(samples) }
        var used = fresh
        if let maxStaleness {
            // Earlier rounds' stragglers whose updates reached the server by the end of this round.
            let delivery = late.deliver(round: round, endingAt: roundStart + record.virtualSeconds, global: global, maxStaleness: maxStaleness)
            used += delivery.results
            record.lateApplied = delivery.results.map(\.clientID).sorted()
            record.tooStale = delivery.tooStale.sorted()
        }
        if used.count >= config.participation.minFit {
            // A strategy that cannot use this round's results (Krum with too few, a normalizer that
            // overflows) keeps the model; the round says why, and the run goes on.
            do {
                if let next = try strategy.aggregateFit(round: round, global: global, results: used, failures: failures) {
                    guard next.count == global.count, !next.contains(where: { !$0.isFinite }) else {
                        throw FederationError(.invalidUpdate, "\(strategy.name) produced \(next.count) parameters (expected \(global.count)) or non-finite values")
                    }
                    global = next
                }
            } catch {
                record.aggregationError = "\(error)"
                logger.warning("round \(round): aggregation failed, keeping the model: \(error)")
            }
        } else {
            record.aggregationError = "\(used.count) usable result\(used.count == 1 ? "" : "s"), fewer than min_fit \(config.participation.minFit)"
                + (record.failed.isEmpty ? "" : " (\(record.failed.count) failed: see failureReasons)")
        }

        if config.evaluateEvery > 0, round % config.evaluateEvery == 0 || round == config.rounds, let evaluator {
            let e = try evaluator.evaluate(global)
            record.globalAccuracy = e.accuracy
            record.globalLoss = e.loss
        }
        if config.federatedEvaluation {
            for r in await evaluateAll(record.completed, to: reach.references) { record.clientAccuracy[r.clientID] = r.accuracy }
        }
        recordTraffic(&record, since: ledgerBefore, startedAt: wallStart)
        return record
    }
}
