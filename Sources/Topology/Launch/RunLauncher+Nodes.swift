import ActorMesh
import Distributed
import Federation
import Foundation
import Synchronization
import ZeroMQ

/// Starting the run's nodes, populating them with clients, restarting them, stopping them.
extension RunLauncher {
    /// A node started for the run, and how to stop it.
    enum StartedNode: Sendable {
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

        /// Stops it at once (the run is over or the node is replaced).
        func stop() {
            switch self {
            case .process(let p, _): p.terminate()
            case .inProcess(let s, let actors): withExtendedLifetime(actors) { s.shutdown() }
            case .external: break
            }
        }
    }

    /// The run's nodes by host name; a restarted node replaces its predecessor.
    final class StartedNodes: Sendable {
        private let nodes = Mutex<[String: StartedNode]>([:])

        var count: Int { nodes.withLock { $0.count } }

        /// Records `node` as host `name`'s, stopping the one it replaces.
        func set(_ name: String, _ node: StartedNode) {
            let replaced = nodes.withLock { $0.updateValue(node, forKey: name) }
            replaced?.stop()
        }

        /// Stops every node at once.
        func stopAll() {
            for node in nodes.withLock({ Array($0.values) }) { node.stop() }
        }

        /// Stops the child processes in order, waiting for each to exit.
        func stopProcesses() async {
            for case .process(let p, _) in nodes.withLock({ Array($0.values) }) { _ = await p.stop() }
        }

        /// Stops the child processes with SIGTERM and waits for each to exit: nodes that outlive their
        /// parent (`--outlive-parent`) would otherwise serve on after standard input closes.
        func terminateProcesses() async {
            for case .process(let p, _) in nodes.withLock({ Array($0.values) }) {
                p.terminate()
                _ = await p.waitForExit(timeout: .seconds(5))
            }
        }
    }

    /// Starts a node per host of the run: every host with clients, and the server's host when the
    /// topology places the server on one.
    func startNodes(into nodes: StartedNodes, runToken: RunToken, announce: @Sendable (String) -> Void) async throws {
        let inRun = plan.spec.hostsInRun
        for host in plan.spec.hosts where inRun.contains(host.name) {
            let node = try await start(host, runToken: runToken)
            nodes.set(host.name, node)
            let role = host.name == plan.spec.serverHost ? ", the FL server" : ""
            announce(
                """
                node \(host.name) at \(node.endpoint) \
                (\(Self.pid(of: node))\(plan.clientsByHost[host.name]?.count ?? 0) clients\(role))
                """
            )
        }
    }

    /// What restarts a `restart: on-failure` host's node: the same start as the first time. nil when
    /// no host has it.
    func restarter(
        nodes: StartedNodes, roster: NodeRoster, runToken: RunToken,
        announce: @escaping @Sendable (String) -> Void
    ) -> (@Sendable (String) async throws -> String)? {
        let restartable = Dictionary(
            uniqueKeysWithValues: plan.spec.hosts.filter { $0.restart == .onFailure }.map { ($0.name, $0) })
        guard !restartable.isEmpty else { return nil }
        return { [self] name in
            guard let host = restartable[name] else {
                throw FederationError(.invalidSetting, "host \(name) is not restarted (restart: never)")
            }
            // A node marked down for missing heartbeats may still run (and hold its port): stop it first.
            await nodes.retire(name)
            let node = try await start(host, runToken: runToken)
            nodes.set(name, node)
            nodes.observeExit(of: name, roster: roster)
            announce("node \(name) restarted at \(node.endpoint) (\(Self.pid(of: node))restart: on-failure)")
            return node.endpoint
        }
    }

    /// `--outlive-parent` for the nodes of a run whose server is placed on a host: should this process
    /// (the driver) die, the server finishes the run, and its client nodes serve it until it has.
    var outliveArguments: [String] {
        plan.spec.serverHost == nil ? [] : ["--outlive-parent"]
    }

    /// `pid N, ` for a child process, else nothing.
    static func pid(of node: StartedNode) -> String {
        if case .process(let p, _) = node { return "pid \(p.processID), " }
        return ""
    }

    /// Starts host `host`'s node as a member of run `runToken` (local nodes get `--run-token`, command
    /// hosts the token in their environment and, when they run `fedactors node`, on their command line;
    /// ssh hosts on the session's standard input, slurm hosts in srun's environment: neither on a
    /// command line). A slurm step may wait in the scheduler's queue: it has 5 minutes to start.
    func start(_ host: HostSpec, runToken: RunToken) async throws -> StartedNode {
        switch host.start {
        case .local:
            // A local node shares the run's mesh key: it is given the file's absolute path.
            let keyArguments =
                plan.spec.security.map {
                    ["--curve-mesh-key", URL(fileURLWithPath: $0.curveMeshKey).standardizedFileURL.path]
                } ?? []
            let arguments =
                ["node", "--bind", host.bind, "--run-token", runToken.description] + keyArguments + outliveArguments
            return .process(try await NodeProcess.launch(executable: nodeExecutable, arguments: arguments))
        case .command(let words):
            var resolved = Self.withRunToken(
                Self.resolve(words, executable: nodeExecutable.path), runToken, executable: nodeExecutable.path)
            if Self.runsNode(resolved, executable: nodeExecutable.path) { resolved += outliveArguments }
            guard let program = resolved.first else {
                throw FederationError(.invalidSetting, "host \(host.name) has an empty command")
            }
            let url = program.hasPrefix("/") ? URL(fileURLWithPath: program) : try Self.which(program)
            let environment = [Self.runTokenVariable: runToken.description]
            return .process(
                try await NodeProcess.launch(
                    executable: url, arguments: Array(resolved.dropFirst()), environment: environment),
                dial: host.endpoint)
        case .running:
            return .external(host.endpoint ?? host.bind)
        case .ssh(let target):
            let command = SSHCommand(target: target, bind: host.bind, meshKey: plan.spec.security?.curveMeshKey)
            // ssh closes the descriptors it inherits: run it under the wrapper (see ForegroundWrapper).
            let ssh = ForegroundWrapper.wrapping(try Self.which("ssh"), command.arguments)
            let node = try await NodeProcess.launch(
                executable: ssh.executable, arguments: ssh.arguments,
                input: SSHCommand.input(runToken: runToken.description),
                outputPrefix: "[\(host.name)] ")
            return .process(node, dial: host.endpoint)
        case .slurm(let placement):
            let command = SrunCommand(
                hostName: host.name, placement: placement, bind: host.bind, executable: nodeExecutable.path,
                meshKey: plan.spec.security?.curveMeshKey)
            let srun = ForegroundWrapper.wrapping(try Self.which("srun"), command.arguments)
            let node = try await NodeProcess.launch(
                executable: srun.executable, arguments: srun.arguments,
                environment: [Self.runTokenVariable: runToken.description],
                outputPrefix: "[\(host.name)] ", readyTimeout: .seconds(300))
            return .process(node, dial: host.endpoint)
        case .inProcess:
            let system = try MeshSystem(
                transport: try ZeroMQTransport(bind: "inproc://\(host.name)-\(UUID().uuidString.prefix(8))"),
                settings: Self.meshSettings(for: runToken))
            let factory = self.factory
            let clientHost = try system.makeActor(named: ClientHost.path) {
                ClientHost(actorSystem: system, factory: factory)
            }
            let service = try system.makeActor(named: NodeService.path) { NodeService(actorSystem: system) }
            let servers = PlacedServers(factory: factory, makeStrategy: makeStrategy, dataPreparer: dataPreparer)
            let serverHost = try system.makeActor(named: ServerHost.path) {
                ServerHost(actorSystem: system, servers: servers)
            }
            let aggregator = try system.makeActor(named: SiteAggregator.path) { SiteAggregator(actorSystem: system) }
            // The registry holds actors weakly: keep them here.
            return .inProcess(system, [clientHost, service, serverHost, aggregator])
        }
    }
}

extension RunLauncher.StartedNodes {
    /// Where each node is dialled, by host name.
    var endpoints: [String: String] {
        nodes.withLock { $0.mapValues(\.endpoint) }
    }

    /// Reports the end of each node's child process to the roster as that node's loss.
    func observeExits(roster: NodeRoster) {
        for name in nodes.withLock({ Array($0.keys) }) { observeExit(of: name, roster: roster) }
    }

    /// Where host `name`'s node is dialled.
    func endpoint(of name: String) -> String? {
        nodes.withLock { $0[name]?.endpoint }
    }

    /// Reports the end of host `name`'s current child process to the roster as the node's loss (not
    /// the end of one the launcher retired to restart it).
    func observeExit(of name: String, roster: NodeRoster) {
        guard case .process(let p, _) = nodes.withLock({ $0[name] }) else { return }
        p.whenExited { [self] how in
            guard isCurrent(p, of: name) else { return }
            roster.lost(name, reason: "its process \(how)")
        }
    }

    /// Calls `handler` when host `name`'s child process exits (nothing for other nodes).
    func whenProcessExits(of name: String, _ handler: @escaping @Sendable (String) -> Void) {
        guard case .process(let p, _) = nodes.withLock({ $0[name] }) else { return }
        p.whenExited { how in handler("exited: its process \(how)") }
    }

    /// Whether `process` is host `name`'s current node.
    private func isCurrent(_ process: NodeProcess, of name: String) -> Bool {
        guard case .process(let current, _) = nodes.withLock({ $0[name] }) else { return false }
        return current === process
    }

    /// Removes host `name`'s node and, if its process still runs, stops it and waits for it to exit.
    func retire(_ name: String) async {
        guard case .process(let p, _) = nodes.withLock({ $0.removeValue(forKey: name) }) else { return }
        if p.isRunning { _ = await p.stop(grace: .seconds(2)) }
    }
}
