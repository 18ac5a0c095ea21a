import ActorMesh
import Distributed
import Federation

/// Lives on every node (at ``ServerHost/path``) and runs the FL server there when a topology places
/// it on the node's host (`server: {host: NAME}`): the driver (`fedactors run|launch`) calls
/// ``start(_:)`` and follows the run through the news the server pushes to its ``RunFollower``.
/// A thin shell over ``PlacedServers``; the server's round logic is ``FederatedServer``'s, unchanged.
package distributed actor ServerHost {
    package typealias ActorSystem = MeshSystem

    /// The well-known path of the server host on every node (a control path: only the run's
    /// coordinator, its driver, may start or interrupt a run there).
    package static let path = "federation/server-host"

    private let servers: PlacedServers

    package init(actorSystem: MeshSystem, servers: PlacedServers) {
        // A run that cannot start says why, as itself, to its driver.
        RemoteErrorTypes.register(FederationError.self)
        self.actorSystem = actorSystem
        self.servers = servers
    }

    /// The server host on the node at `endpoint`.
    package static func at(_ endpoint: String, using system: MeshSystem) throws -> ServerHost {
        try resolve(id: MeshActorID(node: endpoint, path: path), using: system)
    }

    /// Starts the run `request` describes on this node and returns; the run's news goes to the
    /// request's follower. Throws when the topology does not read here as it did for the driver, the
    /// checkpoint to resume from is unusable, or this node already runs a server.
    package distributed func start(_ request: PlacedRunRequest) throws {
        try servers.start(request, on: actorSystem)
    }

    /// Interrupts the run under way (its driver was interrupted): the run ends as an interrupted
    /// run does, with its report and checkpoint.
    package distributed func interrupt() {
        servers.interrupt()
    }
}

extension MeshSettings {
    /// Makes the server host's path a control path: on a node of a run, only the run's coordinator
    /// (the driver) may start a server there. Call it with ``addFederationControlPaths()``.
    package mutating func addServerHostControlPath() {
        controlPaths.insert(ServerHost.path)
    }
}
