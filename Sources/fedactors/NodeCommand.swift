import ActorMesh
import Federation
import ArgumentParser
import Foundation

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

            A node restarted at the address a run dials rejoins that run: the run's heartbeat sees a \
            new incarnation and rebuilds the node's clients (same ids, data and seed).
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var security: SecurityOptions

    @Option(help: "Endpoint to bind: tcp://<address>:<port> (port 0 picks a free one) or inproc://<name>.")
    var bind = "tcp://127.0.0.1:0"

    @Option(help: "Endpoint peers should dial, when it differs from --bind (e.g. when binding 0.0.0.0).")
    var advertise: String?

    @Flag(help: "Keep serving when standard input closes.")
    var detached = false

    func run() async throws {
        try common.bootstrapLogging()
        var settings = MeshSettings()
        settings.advertisedEndpoint = advertise
        let transport = try ZeroMQTransport(bind: bind, security: try security.load())
        let system = try MeshSystem(transport: transport, settings: settings)
        let factory = LearningTrainerFactory()
        let clientHost = try system.makeActor(named: ClientHost.path) { ClientHost(actorSystem: system, factory: factory) }
        let reason = try await NodeHost.serve(system: system, actors: [clientHost], exitWhenStdinCloses: !detached)
        FileHandle.standardError.write(Data("fedactors node \(system.endpoint) stopped: \(reason.rawValue)\n".utf8))
    }
}
