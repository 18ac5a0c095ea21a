import ActorMesh
import Agents
import Federation
import ArgumentParser
import Foundation
import RunMetrics
import Topology

/// `fedactors node`: a worker process that serves the actors placed on its host.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a FedActors node: listen, host actors, serve until told to stop.",
        discussion: """
            Prints 'FEDACTORS-NODE READY <endpoint> <pid>' once it serves. Stops when a peer calls \
            stop() on its node service, on SIGTERM/SIGINT, or when standard input closes (so nodes \
            started by `fedactors demo` or `run` never outlive their parent; pass --detached to keep \
            serving without standard input, or --outlive-parent to finish the run first). \
            It hosts the clients a run places on it and, when a topology places the FL server on its \
            host (`server: {host: NAME}`), that server; SIGTERM/SIGINT then interrupts the server's run, \
            which sends its driver the report before the node stops.

            Run identity: `fedactors run` and `launch` start nodes with --run-token (or \
            FEDACTORS_RUN_TOKEN), and such a node serves only calls that carry that token. Its control \
            services (stop, download, echo, ledger, creating clients or agent roles) answer only the run's \
            coordinator, the first process that calls them with the token. A node started without a \
            token (a pre-started `running` host) serves calls that carry none (as `fedactors demo` \
            makes), is claimed by the first run that calls it with one, and is free again when that run ends, or after \
            10 minutes without a call of that run. Calls of \
            other runs are refused and counted in one fixed ledger row.

            The token travels in the clear: it keeps runs apart by accident (two runs dialling the \
            same addresses), not against an attacker who can reach or watch the port. Use \
            --curve-mesh-key (or --curve-secret-key with --curve-allow) for that; with CURVE the \
            allow-list and the run identity both apply. The node warns when it binds a non-loopback \
            address without CURVE.

            Agent roles: `fedactors plan|auto --agents-on` places roles on nodes; the node makes them when the \
            run's coordinator asks. A role on the LLM asks the OpenAI-compatible server of this node's \
            environment (FEDACTORS_LLM_BASE_URL, FEDACTORS_LLM_MODEL, FEDACTORS_LLM_API_KEY, FEDACTORS_LLM_TIMEOUT, \
            FEDACTORS_LLM_ATTEMPTS): start the node on the machine that serves the model.

            A node restarted at the address a run dials rejoins that run: the run's heartbeat sees a \
            new incarnation and rebuilds the node's clients (same ids, data and seed).
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var security: SecurityOptions

    @Option(help: "Endpoint to bind: tcp://<address>:<port> (port 0 picks a free one) or inproc://<name>.")
    var bind = "tcp://127.0.0.1:0"

    @Option(help: "Endpoint peers should dial, when it differs from --bind (e.g. when binding 0.0.0.0).")
    var advertise: String?

    @Flag(
        help:
            """
            Announce this machine's host name with the port bound (for a node placed by a scheduler, e.g. `start: \
            slurm`, that binds 0.0.0.0).
            """
    )
    var advertiseHostname = false

    @Flag(help: "Keep serving when standard input closes.")
    var detached = false

    @Flag(
        help:
            """
            When standard input closes (the run's driver is gone), serve on until the FL server this node runs has \
            finished its run and no call has arrived for 5 s (`run` and `launch` pass it when the topology places the \
            server on a host).
            """
    )
    var outliveParent = false

    @Option(
        help:
            """
            The run this node serves: 32 hex digits (`fedactors run` passes it). Default: FEDACTORS_RUN_TOKEN, else \
            none (the first run that calls the node claims it).
            """
    )
    var runToken: String?

    @Option(
        help:
            """
            Largest message the node takes, in MiB (all frames together); larger ones are dropped and counted as \
            refused.
            """
    )
    var maxMessageMib = 256

    @Option(
        help:
            """
            Serve this node's traffic ledger as Prometheus metrics at http://HOST:PORT/metrics (port 0 picks a free \
            one, printed on standard error).
            """
    )
    var metricsBind: String?

    /// The environment variable a node reads its run token from when --run-token is not given.
    static let runTokenVariable = "FEDACTORS_RUN_TOKEN"

    func validate() throws {
        if advertiseHostname, advertise != nil {
            throw ValidationError("--advertise and --advertise-hostname both say what to announce: give one")
        }
        guard (1...(1 << 20)).contains(maxMessageMib) else {
            throw ValidationError("--max-message-mib \(maxMessageMib) is out of range: give 1 to 1048576 (MiB)")
        }
    }

    /// The run token from --run-token, else from the environment; nil when neither gives one.
    func token() throws -> RunToken? {
        let environment = ProcessInfo.processInfo.environment[Self.runTokenVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let text = runToken ?? environment else { return nil }
        do {
            return try RunToken(parsing: text)
        } catch {
            throw ValidationError((runToken != nil ? "--run-token: " : "\(Self.runTokenVariable): ") + error.message)
        }
    }

    func run() async throws {
        try common.bootstrapLogging()
        var settings = MeshSettings()
        settings.advertisedEndpoint = advertise
        if advertiseHostname { settings.advertisedHost = try Self.hostname() }
        settings.runToken = try token()
        settings.addFederationControlPaths()
        settings.addServerHostControlPath()
        settings.controlPaths.insert(AgentHost.path)
        var transportSettings = ZeroMQTransport.Settings(security: try security.load())
        transportSettings.maxMessageBytes = maxMessageMib << 20
        if transportSettings.security == nil, !ZeroMQTransport.isLoopbackOnly(bind) {
            settings.logger.warning(
                """
                this node binds \(bind), which other machines can reach, without CURVE: anyone who reaches it can \
                call it. The run identity protects against accidents, not attackers; use --curve-mesh-key (or \
                --curve-secret-key with --curve-allow) to protect the node
                """
            )
        }
        let transport = try ZeroMQTransport(bind: bind, settings: transportSettings)
        let system = try MeshSystem(transport: transport, settings: settings)
        let metrics = try RunMetricsExporter.serving(metricsBind)
        if let metrics {
            metrics.follow { system.ledger.snapshot() }
            FileHandle.standardError.write(Data("fedactors node \(system.endpoint): metrics at \(metrics.url)\n".utf8))
        }
        let factory = LearningTrainerFactory()
        let clientHost = try system.makeActor(named: ClientHost.path) {
            ClientHost(actorSystem: system, factory: factory)
        }
        let servers = PlacedServers(
            factory: factory, makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) },
            dataPreparer: RunDataStages(llm: Self.chat(for: system.endpoint)))
        let serverHost = try system.makeActor(named: ServerHost.path) {
            ServerHost(actorSystem: system, servers: servers)
        }
        let agentHost = try system.makeActor(named: AgentHost.path) {
            AgentHost(actorSystem: system, chat: Self.chat(for: system.endpoint)) {
                AgentRoleMaker(
                    chooser: try MethodChooser(catalog: MethodCatalog.bundled()), factory: factory,
                    makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })
            }
        }
        // Every node can aggregate a site of a hierarchical run: the server names the site each round.
        let aggregator = try system.makeActor(named: SiteAggregator.path) { SiteAggregator(actorSystem: system) }
        let outlives = outliveParent
        let reason = try await NodeHost.serve(
            system: system, actors: [clientHost, serverHost, agentHost, aggregator], exitWhenStdinCloses: !detached
        ) { reason in
            await Self.finishRun(reason, servers: servers, system: system, outlivesParent: outlives)
        }
        await metrics?.stop()
        FileHandle.standardError.write(Data("fedactors node \(system.endpoint) stopped: \(reason.rawValue)\n".utf8))
    }
}

extension NodeCommand {
    /// Before the node stops: a signal interrupts the FL server's run it hosts (which then sends its
    /// driver the report); with `--outlive-parent`, a parent gone leaves the run to finish first.
    static func finishRun(
        _ reason: NodeHost.StopReason, servers: PlacedServers, system: MeshSystem, outlivesParent: Bool
    ) async {
        switch reason {
        case .signal, .stopCall:
            await servers.interruptAndWait()
        case .parentGone:
            guard outlivesParent else {
                await servers.interruptAndWait()
                return
            }
            FileHandle.standardError.write(
                Data("fedactors node \(system.endpoint): its parent is gone; serving until the run ends\n".utf8))
            await servers.untilIdle()
            while let quiet = system.sinceLastCall, quiet < .seconds(5) {
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// The LLM client of the agent roles placed on this node, from its own environment, or why it has none.
    static func chat(for endpoint: String) -> Result<ChatClient, AgentHostError> {
        do {
            guard let config = try ChatConfig.fromEnvironment() else {
                return .failure(
                    AgentHostError(
                        """
                        the node at \(endpoint) has no LLM endpoint: start it with FEDACTORS_LLM_BASE_URL and \
                        FEDACTORS_LLM_MODEL in its environment, or give the role the expert backend
                        """
                    ))
            }
            return .success(ChatClient(config: config))
        } catch {
            return .failure(AgentHostError("the node at \(endpoint) has invalid LLM settings: \(error.message)"))
        }
    }

    /// This machine's host name, as `--advertise-hostname` announces it.
    static func hostname() throws -> String {
        let name = ProcessInfo.processInfo.hostName
        guard !name.isEmpty else {
            throw ValidationError("--advertise-hostname: this machine has no host name; give --advertise")
        }
        return name
    }
}
