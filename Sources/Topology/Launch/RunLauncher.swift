import ActorMesh
import ZeroMQ
import Distributed
import Federation
import Foundation
import Logging

/// Turns a strategy setting of a topology into a strategy value.
package typealias StrategyMaker = @Sendable (StrategySpec) throws -> any Strategy

/// Runs a ``RunPlan``: starts a node per host that has clients, has each node build its clients,
/// runs the FL server (in this process, or on the node of the host `server.host` names, which this
/// process then drives: ``ServerHost``), and gathers the traffic ledger of every node into the report.
///
/// Hosts start as their spec says: `local` → a `fedactors node` child process; `inprocess` → a node
/// inside this process on inproc:// (still serialized and metered); `command` → the given command,
/// which must start a `fedactors node` printing its ready line; `running` → dialled at its endpoint.
package final class RunLauncher: Sendable {
    package let plan: RunPlan
    let nodeExecutable: URL
    let factory: any TrainerFactory
    let makeStrategy: StrategyMaker
    /// The data stages of a `messy:` topology (nil: such a topology is refused).
    let dataPreparer: (any RunDataPreparer)?
    let logger: Logger

    package init(
        plan: RunPlan, nodeExecutable: URL, factory: any TrainerFactory, makeStrategy: @escaping StrategyMaker,
        dataPreparer: (any RunDataPreparer)? = nil, logger: Logger = Logger(label: "fedactors.run")
    ) {
        self.plan = plan
        self.nodeExecutable = nodeExecutable
        self.factory = factory
        self.makeStrategy = makeStrategy
        self.dataPreparer = dataPreparer
        self.logger = logger
    }

    /// Runs every round; `events` hears of the run as it goes (each round's start, each client's
    /// answer, each round's end and the checkpoint written after it, nodes going down and up: the
    /// ``RunEvent``s the server makes, wherever it runs). Nodes are stopped however the run ends.
    /// With `checkpoint`, the server's state is written there after every round; with `resume`, the run
    /// continues after the rounds of that checkpoint. Both are paths on the host the server runs on
    /// (this machine unless the topology places the server with `server: {host: NAME}`).
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
    /// `coordinatorStarted` is given this process's node once it listens (the server's when it runs
    /// here), e.g. to follow its ledger. With a placed server, `reportPath` is where the server writes
    /// the report (JSON) on its host should this process be gone when the run ends.
    ///
    /// `weights` names a `.npz` to start the global model from instead of the seed's draw (read and
    /// checked before any node starts) and one to write the final global model to when the run
    /// completes its rounds (not when it is interrupted: its checkpoint holds them); none by default.
    /// A server placed on a host takes neither.
    package func run(
        checkpoint: URL? = nil, resume: URL? = nil, interruptedCheckpoint: URL? = nil, reportPath: String? = nil,
        weights: ModelWeightFiles = .init(),
        events: @escaping @Sendable ([RunEvent]) -> Void = { _ in },
        announce: @escaping @Sendable (String) -> Void = { _ in },
        coordinatorStarted: @Sendable (MeshSystem) -> Void = { _ in }
    ) async throws -> RunReport {
        let files = ServerFiles(
            checkpoint: checkpoint?.path, resume: resume?.path, interruptedCheckpoint: interruptedCheckpoint?.path,
            report: reportPath)
        // Read before any node starts, when the server runs here (a placed server reads it on its host).
        let saved = plan.spec.serverHost == nil ? try readCheckpoint(at: resume) : nil
        if plan.spec.serverHost != nil, weights != .init() {
            throw FederationError(
                .invalidSetting,
                """
                --initial-model and --save-model work with the server in this process; this topology places it on \
                \(plan.spec.serverHost ?? "")
                """
            )
        }
        let startingModel = try readInitialModel(weights)
        // The run's identity: every node it starts serves only calls that carry it.
        let runToken = RunToken.random()
        let coordinator = try makeCoordinator(runToken: runToken)
        defer { coordinator.shutdown() }
        coordinatorStarted(coordinator)
        let nodes = StartedNodes()
        defer { nodes.stopAll() }
        let report: RunReport
        if plan.spec.serverHost != nil {
            report = try await drive(
                nodes: nodes, coordinator: coordinator, runToken: runToken, files: files, events: events,
                announce: announce)
        } else {
            let roster = NodeRoster(onChange: { events([RunEvent.from($0, seconds: 0)]) })
            let timeout = Duration.milliseconds(Int64(plan.spec.callTimeoutSeconds * 1000))
            try await startNodes(into: nodes, runToken: runToken, announce: announce)
            report = try await serve(
                ServerSide(
                    coordinator: coordinator, roster: roster, endpoints: nodes.endpoints, setupTimeout: timeout,
                    restart: restarter(nodes: nodes, roster: roster, runToken: runToken, announce: announce),
                    populated: { nodes.observeExits(roster: roster) }),
                saved: saved, files: files, startingModel: startingModel, saveModel: weights.save, events: events,
                announce: announce)
        }
        // Node processes stop before the run returns, so their last words come before the summary
        // (not when interrupted: they were told to stop, and the user is waiting).
        if report.interrupted != true {
            if plan.spec.serverHost == nil { await nodes.stopProcesses() } else { await nodes.terminateProcesses() }
        }
        return report
    }

    /// This process's node: the FL server's when it runs here, the driver's when it is placed on a host.
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
