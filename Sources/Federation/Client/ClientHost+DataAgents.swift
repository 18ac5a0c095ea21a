import ActorMesh
import Distributed

extension ClientHost {
    /// Builds the data of `setup`'s clients on this node and a ``ClientDataAgent`` over each, and
    /// returns the agents' ids (paths ``ClientDataAgent/path(for:)``). Replaces agents with the same ids.
    package distributed func createDataAgents(_ setup: MessySetup) throws -> [Int: MeshActorID] {
        var ids: [Int: MeshActorID] = [:]
        for id in setup.clients.sorted() {
            let data = try setup.build(clientID: id)
            dataAgents[id] = nil
            let system = actorSystem
            let agent = try system.makeActor(named: ClientDataAgent.path(for: id)) {
                ClientDataAgent(actorSystem: system, clientID: id, samples: data.samples)
            }
            dataAgents[id] = agent
            ids[id] = agent.id
        }
        return ids
    }
}
