import ActorMesh
import Distributed

/// Lives on every node (at ``ClientHost/path``) and creates the clients placed there, so a coordinator
/// can populate a node with a single call.
public distributed actor ClientHost {
    public typealias ActorSystem = MeshSystem

    /// The well-known path of the host on every node.
    public static let path = "federation/client-host"

    let factory: any TrainerFactory
    private var clients: [Int: ClientActor] = [:]
    /// The data agents made by ``createDataAgents(_:)`` (the registry holds actors weakly).
    var dataAgents: [Int: ClientDataAgent] = [:]

    public init(actorSystem: MeshSystem, factory: any TrainerFactory) {
        self.actorSystem = actorSystem
        self.factory = factory
    }

    /// The host on the node at `endpoint`.
    public static func at(_ endpoint: String, using system: MeshSystem) throws -> ClientHost {
        try resolve(id: MeshActorID(node: endpoint, path: path), using: system)
    }

    /// Builds the clients of `setup` on this node and returns the ids of the actors it made (their paths
    /// are ``ClientActor/path(for:)``). Replaces clients with the same ids. Each client's data is the
    /// factory's, or, when the setup says so, what its data agent on this node prepared.
    public distributed func createClients(_ setup: ClientSetup) async throws -> [Int: MeshActorID] {
        var ids: [Int: MeshActorID] = [:]
        for (id, profile) in setup.clients.sorted(by: { $0.key < $1.key }) {
            guard (0..<setup.totalClients).contains(id) else {
                throw FederationError(.invalidSetting, "client id \(id) is outside 0..<\(setup.totalClients)")
            }
            _ = try profile.device.validated()
            _ = try profile.link.validated()
            clients[id] = nil
            let prepared = setup.trainsOnPreparedData ? try await preparedData(ofClient: id) : nil
            let system = actorSystem
            let factory = self.factory
            let actor = try system.makeActor(named: ClientActor.path(for: id)) {
                ClientActor(
                    actorSystem: system, clientID: id,
                    trainer: try Self.trainer(of: id, setup, prepared: prepared, factory: factory), profile: profile)
            }
            clients[id] = actor
            ids[id] = actor.id
        }
        return ids
    }

    /// Releases every client this host made.
    public distributed func removeAll() {
        clients.removeAll()
    }
}
