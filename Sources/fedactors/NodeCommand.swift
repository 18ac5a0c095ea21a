import ActorMesh
import Federation
import ArgumentParser
import Foundation
import RunMetrics

/// `fedactors node`: a worker process that serves the actors placed on its host.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a FedActors node: listen, host actors, serve until told to stop.",
        discussion: """
            Prints 'FEDACTORS-NODE READY <endpoint> <pid>' once it serves. Stops when a peer calls \
            stop() on its node service, on SIGTERM/SIGINT, or when standard input closes (so nodes \
            started by `fedactors demo` or `run` never outlive their parent; pass --detached to keep \
            serving without standard input).

            Run identity: `fedactors run` and `launch` start nodes with --run-token (or \
            FEDACTORS_RUN_TOKEN), and such a node serves only calls that carry that token. Its control \
            services (stop, download, echo, ledger, creating clients) answer only the run's \
            coordinator, the first process that calls them with the token. A node started without a \
            token (a pre-started `running` host) serves calls that carry none (as `fedactors demo` \
            makes), is claimed by the first run that calls it with one, and is free again when that run ends, or after 10 minutes without a call of that run. Calls of \
            other runs are refused and counted in one fixed ledger row.

            The token travels in the clear: it keeps runs apart by accident (two runs dialling the \
            same addresses), not against an attacker who can reach or watch the port. Use \
            --curve-mesh-key (or --curve-secret-key with --curve-allow) for that; with CURVE the \
            allow-list and the run identity both apply. The node warns when it binds a non-loopback \
            address without CURVE.

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
        let reason = try await NodeHost.serve(system: system, actors: [clientHost], exitWhenStdinCloses: !detached)
        await metrics?.stop()
        FileHandle.standardError.write(Data("fedactors node \(system.endpoint) stopped: \(reason.rawValue)\n".utf8))
    }
}

extension NodeCommand {
    /// This machine's host name, as `--advertise-hostname` announces it.
    static func hostname() throws -> String {
        let name = ProcessInfo.processInfo.hostName
        guard !name.isEmpty else {
            throw ValidationError("--advertise-hostname: this machine has no host name; give --advertise")
        }
        return name
    }
}
