import ActorMesh
import ZeroMQ
import Distributed
import Federation
import Foundation
import Logging

/// Turns a strategy setting of a topology into a strategy value.
public typealias StrategyMaker = @Sendable (StrategySpec) throws -> any Strategy

/// Runs a ``RunPlan``: starts a node per host that has clients, has each node build its clients,
/// runs the FL server in this process, and gathers the traffic ledger of every node into the report.
///
/// Hosts start as their spec says: `local` → a `fedactors node` child process; `inprocess` → a node
/// inside this process on inproc:// (still serialized and metered); `command` → the given command,
/// which must start a `fedactors node` printing its ready line; `running` → dialled at its endpoint.
public final class RunLauncher: Sendable {
    public let plan: RunPlan
    private let nodeExecutable: URL
    private let factory: any TrainerFactory
    private let makeStrategy: StrategyMaker
    private let logger: Logger

    public init(plan: RunPlan, nodeExecutable: URL, factory: any TrainerFactory, makeStrategy: @escaping StrategyMaker,
                logger: Logger = Logger(label: "fedactors.run")) {
        self.plan = plan
        self.nodeExecutable = nodeExecutable
        self.factory = factory
        self.makeStrategy = makeStrategy
        self.logger = logger
    }

    /// A node started for the run, and how to stop it.
    private enum StartedNode {
        /// A child process, dialled at `dial` when the topology gives one, else where it announced.
        case process(NodeProcess, dial: String? = nil)
        case inProcess(MeshSystem, [any DistributedActor])
        case external(String)

        var endpoint: String {
            switch self {
            case .process(let p, let dial): dial ?? p.endpoint
            case .inProcess(let s, _): s.endpoint
            case .external(let e): e
            }
        }
    }

    /// Runs every round; `progress` gets each round's record. Nodes are stopped however the run ends.
    /// With `checkpoint`, the server's state is written there after every round; with `resume`, the run
    /// continues after the rounds of that checkpoint (read before any node starts).
    public func run(
        checkpoint: URL? = nil, resume: URL? = nil,
        progress: @Sendable (RoundRecord) -> Void = { _ in }, announce: @Sendable (String) -> Void = { _ in }
    ) async throws -> RunReport {
        let saved = try readCheckpoint(at: resume)
        let spec = plan.spec
        let security: ZeroMQSecurity?
        do {
            security = try spec.security.map { s throws(CurveKeyError) in try CurveKeyFile.sharedMesh(at: s.curveMeshKey) }
        } catch {
            throw FederationError(.invalidSetting, "security.curve_mesh_key: \(error.message)")
        }
        // The run's identity: every node it starts serves only calls that carry it.
        let runToken = RunToken.random()
        let coordinator = try MeshSystem(
            transport: try ZeroMQTransport(bind: spec.serverBind, security: security), settings: Self.meshSettings(for: runToken))
        defer { coordinator.shutdown() }

        var nodes: [String: StartedNode] = [:]
        defer { stop(nodes, coordinator) }
        for host in spec.hosts where plan.clientsByHost[host.name] != nil {
            let node = try await start(host, runToken: runToken)
            nodes[host.name] = node
            announce("node \(host.name) at \(node.endpoint) (\(plan.clientsByHost[host.name]?.count ?? 0) clients)")
        }

        // Each node builds its own clients from the shared setup; only ids come back.
        var clients: [Int: ClientActor] = [:]
        let timeout = Duration.milliseconds(Int64(spec.callTimeoutSeconds * 1000))
        for (name, node) in nodes.sorted(by: { $0.key < $1.key }) {
            let host = try ClientHost.at(node.endpoint, using: coordinator)
            let setup = plan.setup(for: name)
            let ids = try await MeshSystem.withDeadline(timeout) { try await host.createClients(setup) }
            // At the endpoint this run dials the node at (a command host's `endpoint` may differ from
            // the address the node names itself by).
            for (id, actorID) in ids { clients[id] = try ClientActor.resolve(id: MeshActorID(node: node.endpoint, path: actorID.path), using: coordinator) }
        }

        let (evaluator, initial) = try factory.makeEvaluator(plan.evaluatorSetup)
        let strategy = try makeStrategy(spec.strategy)
        var config = try plan.serverConfig
        config.checkpointURL = checkpoint
        let server = try FederatedServer(
            system: coordinator, clients: clients, strategy: strategy, initialParameters: initial, evaluator: evaluator,
            config: config)
        if let saved {
            try await server.resume(from: saved)
            announce("resuming after round \(saved.completedRounds) of \(config.rounds)")
        }
        var report = try await server.run(progress: progress)

        report.summary.merge([
            "name": spec.name, "model": spec.model.name, "dataset": spec.data.dataset,
            "partition": spec.data.partition.kind + spec.data.partition.settings.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined(),
            "hosts": String(nodes.count), "parameters": String(initial.count),
        ]) { $1 }
        var names = [coordinator.endpoint: "server"]
        for (name, node) in nodes {
            let service = try NodeService.at(node.endpoint, using: coordinator)
            report.ledgers[node.endpoint] = try await MeshSystem.withDeadline(.seconds(10)) { try await service.ledger() }
            names[node.endpoint] = name
        }
        // Last, so it includes the ledger() requests the nodes' snapshots include.
        report.ledgers[coordinator.endpoint] = coordinator.ledger.snapshot()
        report.nodeNames = names
        await Self.release(nodes.values.compactMap { if case .external(let endpoint) = $0 { endpoint } else { nil } }, using: coordinator)
        // Node processes stop before the run returns, so their last words come before the summary.
        for case .process(let p, _) in nodes.values { _ = await p.stop() }
        return report
    }

    private func start(_ host: HostSpec, runToken: RunToken) async throws -> StartedNode {
        switch host.start {
        case .local:
            // A local node shares the run's mesh key: it is given the file's absolute path.
            let keyArguments = plan.spec.security.map { ["--curve-mesh-key", URL(fileURLWithPath: $0.curveMeshKey).standardizedFileURL.path] } ?? []
            let arguments = ["node", "--bind", host.bind, "--run-token", runToken.description] + keyArguments
            return .process(try await NodeProcess.launch(executable: nodeExecutable, arguments: arguments))
        case .command(let words):
            let resolved = Self.withRunToken(Self.resolve(words, executable: nodeExecutable.path), runToken, executable: nodeExecutable.path)
            guard let program = resolved.first else { throw FederationError(.invalidSetting, "host \(host.name) has an empty command") }
            let url = program.hasPrefix("/") ? URL(fileURLWithPath: program) : try Self.which(program)
            let environment = [Self.runTokenVariable: runToken.description]
            return .process(try await NodeProcess.launch(executable: url, arguments: Array(resolved.dropFirst()), environment: environment), dial: host.endpoint)
        case .running:
            return .external(host.endpoint ?? host.bind)
        case .inProcess:
            let system = try MeshSystem(
                transport: try ZeroMQTransport(bind: "inproc://\(host.name)-\(UUID().uuidString.prefix(8))"), settings: Self.meshSettings(for: runToken))
            let clientHost = try system.makeActor(named: ClientHost.path) { ClientHost(actorSystem: system, factory: factory) }
            let service = try system.makeActor(named: NodeService.path) { NodeService(actorSystem: system) }
            return .inProcess(system, [clientHost, service])  // the registry holds actors weakly: keep them here
        }
    }

    private func stop(_ nodes: [String: StartedNode], _ coordinator: MeshSystem) {
        for node in nodes.values {
            switch node {
            case .process(let p, _): p.terminate()
            case .inProcess(let s, let actors): withExtendedLifetime(actors) { s.shutdown() }
            case .external: break
            }
        }
    }

    /// A host's command as it is run: every word `fedactors`, the program itself included, becomes
    /// `executable` (this fedactors). A command that runs fedactors on another machine (ssh) must name
    /// the path it has there instead: only the bare word is replaced.
    public static func resolve(_ words: [String], executable: String) -> [String] {
        words.map { $0 == "fedactors" ? executable : $0 }
    }

    /// Finds `program` on PATH.
    static func which(_ program: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw FederationError(.invalidSetting, "\(program) is not on PATH: give the command's full path in the topology")
    }
}
