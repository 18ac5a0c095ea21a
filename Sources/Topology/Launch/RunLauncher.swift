import ActorMesh
import ZeroMQ
import Distributed
import Federation
import Foundation
import Logging

/// Turns a strategy setting of a topology into a strategy value.
package typealias StrategyMaker = @Sendable (StrategySpec) throws -> any Strategy

/// Runs a ``RunPlan``: starts a node per host that has clients, has each node build its clients,
/// runs the FL server in this process, and gathers the traffic ledger of every node into the report.
///
/// Hosts start as their spec says: `local` → a `fedactors node` child process; `inprocess` → a node
/// inside this process on inproc:// (still serialized and metered); `command` → the given command,
/// which must start a `fedactors node` printing its ready line; `running` → dialled at its endpoint.
package final class RunLauncher: Sendable {
    package let plan: RunPlan
    let nodeExecutable: URL
    let factory: any TrainerFactory
    private let makeStrategy: StrategyMaker
    let logger: Logger

    package init(
        plan: RunPlan, nodeExecutable: URL, factory: any TrainerFactory, makeStrategy: @escaping StrategyMaker,
        logger: Logger = Logger(label: "fedactors.run")
    ) {
        self.plan = plan
        self.nodeExecutable = nodeExecutable
        self.factory = factory
        self.makeStrategy = makeStrategy
        self.logger = logger
    }

    /// Runs every round; `progress` hears of each round as it goes (its start, each client's answer,
    /// its record: ``RoundProgress``). Nodes are stopped however the run ends.
    /// With `checkpoint`, the server's state is written there after every round; with `resume`, the run
    /// continues after the rounds of that checkpoint (read before any node starts).
    ///
    /// Node liveness: a node that goes down (its process exits, its connection drops, it misses
    /// heartbeats) has its clients left out of the rounds until it is back; a node that answers again
    /// as a new incarnation (restarted by hand, or by the launcher for a `restart: on-failure` host)
    /// has its clients rebuilt and invited again. Each node's ledger is read after every round, so a
    /// node lost later keeps the traffic it reported, and the report says which nodes were lost.
    ///
    /// When the task running this is cancelled (SIGINT/SIGTERM), the run stops after discarding the
    /// round under way and returns the report of the rounds completed, marked interrupted; the server's
    /// state after the last completed round is written to `interruptedCheckpoint` (if given).
    /// `nodeChange` hears of every node going down, rejoining and coming back up, as it happens;
    /// `coordinatorStarted` is given this process's node (the server's) once it listens, e.g. to
    /// follow its ledger.
    package func run(
        checkpoint: URL? = nil, resume: URL? = nil, interruptedCheckpoint: URL? = nil,
        progress: @escaping @Sendable (RoundProgress) -> Void = { _ in },
        announce: @escaping @Sendable (String) -> Void = { _ in },
        nodeChange: @escaping @Sendable (NodeChange) -> Void = { _ in },
        coordinatorStarted: @Sendable (MeshSystem) -> Void = { _ in }
    ) async throws -> RunReport {
        let saved = try readCheckpoint(at: resume)
        // The run's identity: every node it starts serves only calls that carry it.
        let runToken = RunToken.random()
        let coordinator = try makeCoordinator(runToken: runToken)
        defer { coordinator.shutdown() }
        coordinatorStarted(coordinator)
        let nodes = StartedNodes()
        defer { nodes.stopAll() }
        let roster = NodeRoster(onChange: nodeChange)
        defer { roster.finish() }
        // `running` nodes are given back however the run ends, so the next run may claim them at once.
        let report: RunReport
        do {
            report = try await conduct(
                Session(nodes: nodes, roster: roster, coordinator: coordinator, runToken: runToken), saved: saved,
                checkpoint: checkpoint, interruptedCheckpoint: interruptedCheckpoint, progress: progress,
                announce: announce)
        } catch {
            await Self.release(nodes.externalEndpoints, using: coordinator)
            throw error
        }
        await Self.release(nodes.externalEndpoints, using: coordinator)
        // Node processes stop before the run returns, so their last words come before the summary
        // (not when interrupted: they were told to stop, and the user is waiting).
        if report.interrupted != true { await nodes.stopProcesses() }
        return report
    }

    /// What a run holds while it lasts: its nodes, their roster, its coordinator node and its identity.
    private struct Session {
        let nodes: StartedNodes
        let roster: NodeRoster
        let coordinator: MeshSystem
        let runToken: RunToken
    }

    /// Starts the nodes and their watch, runs the server's rounds, and gathers the report (the
    /// checkpoint too when interrupted).
    private func conduct(
        _ session: Session, saved: ServerCheckpoint?, checkpoint: URL?, interruptedCheckpoint: URL?,
        progress: @escaping @Sendable (RoundProgress) -> Void, announce: @escaping @Sendable (String) -> Void
    ) async throws -> RunReport {
        let (nodes, roster, coordinator, runToken) = (
            session.nodes, session.roster, session.coordinator, session.runToken
        )
        let spec = plan.spec
        let timeout = Duration.milliseconds(Int64(spec.callTimeoutSeconds * 1000))
        try await startNodes(
            into: nodes, roster: roster, coordinator: coordinator, timeout: timeout, runToken: runToken,
            announce: announce)
        let watch = NodeWatch(
            roster: roster, coordinator: coordinator, plan: plan, setupTimeout: timeout,
            restart: restarter(nodes: nodes, roster: roster, runToken: runToken, announce: announce),
            restartable: Set(spec.hosts.filter { $0.restart == .onFailure }.map(\.name)), logger: logger)
        let watching = Task { await watch.watch() }
        defer { watching.cancel() }
        let listening = Self.follow(coordinator.peerEvents(), into: roster)
        defer { listening.cancel() }

        let (evaluator, initial) = try factory.makeEvaluator(plan.evaluatorSetup)
        let strategy = try makeStrategy(spec.strategy)
        var config = try plan.serverConfig
        config.checkpointURL = checkpoint
        let server = try FederatedServer(
            system: coordinator, clients: roster.reachableClients, strategy: strategy, initialParameters: initial,
            evaluator: evaluator,
            config: config, directory: watch)
        if let saved {
            try await server.resume(from: saved)
            announce("resuming after round \(saved.completedRounds) of \(config.rounds)")
        }
        // Once the run is interrupted, nodes ending (Ctrl-C reaches a terminal's whole process group,
        // the nodes included) are not news: the roster closes at once.
        var report = try await withTaskCancellationHandler {
            try await server.run(progress: progress)
        } onCancel: {
            roster.finish()
        }
        report.summary.merge([
            "name": spec.name, "model": spec.model.name, "dataset": spec.data.dataset,
            "partition": spec.data.partition.kind
                + spec.data.partition.settings.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined(),
            "hosts": String(nodes.count), "parameters": String(initial.count),
            "metric": spec.evaluation.metric ?? HeadlineMetric.globalTop1.rawValue,
        ]) { $1 }
        report.summary["headline"] = report.headlineLine()
        roster.finish()
        watching.cancel()
        await watching.value
        if report.interrupted == true {
            try await saveInterrupted(&report, server: server, to: interruptedCheckpoint)
        } else {
            // The last word of every node still up, with the same short deadline as after each round.
            await watch.collectLedgers()
        }
        fill(&report, from: roster, coordinator: coordinator)
        return report
    }

    /// The coordinator's own node, where the FL server lives.
    private func makeCoordinator(runToken: RunToken) throws -> MeshSystem {
        let spec = plan.spec
        let security: ZeroMQSecurity?
        do {
            security = try spec.security.map { s throws(CurveKeyError) in
                try CurveKeyFile.sharedMesh(at: s.curveMeshKey)
            }
        } catch {
            throw FederationError(.invalidSetting, "security.curve_mesh_key: \(error.message)")
        }
        return try MeshSystem(
            transport: try ZeroMQTransport(bind: spec.serverBind, security: security),
            settings: Self.meshSettings(for: runToken))
    }

    /// Writes the server's state after its last completed round to `url` and says so in the report.
    private func saveInterrupted(_ report: inout RunReport, server: FederatedServer, to url: URL?) async throws {
        guard let url else { return }
        try await server.checkpoint().write(to: url)
        report.summary["checkpoint"] = url.path
    }

    /// Puts what the roster knows into the report: every ledger in hand (the coordinator's last, so it
    /// includes the ledger requests the nodes' snapshots include), the node names and records.
    private func fill(_ report: inout RunReport, from roster: NodeRoster, coordinator: MeshSystem) {
        let (ledgers, names) = roster.ledgers
        report.ledgers.merge(ledgers) { $1 }
        report.ledgers[coordinator.endpoint] = coordinator.ledger.snapshot()
        report.nodeNames = names.merging([coordinator.endpoint: "server"]) { $1 }
        report.nodes = roster.records
    }

    /// A host's command as it is run: every word `fedactors`, the program itself included, becomes
    /// `executable` (this fedactors). A command that runs fedactors on another machine (ssh) must name
    /// the path it has there instead: only the bare word is replaced.
    package static func resolve(_ words: [String], executable: String) -> [String] {
        words.map { $0 == "fedactors" ? executable : $0 }
    }

    /// Finds `program` on PATH.
    static func which(_ program: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw FederationError(
            .invalidSetting, "\(program) is not on PATH: give the command's full path in the topology")
    }
}
