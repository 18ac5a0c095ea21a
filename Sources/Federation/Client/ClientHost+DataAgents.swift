import ActorMesh
import Distributed
import Learning

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

    /// The data client `id`'s agent on this node prepared.
    func preparedData(ofClient id: Int) async throws -> Dataset {
        guard let agent = dataAgents[id] else {
            throw FederationError(
                .invalidSetting,
                """
                client \(id) has no data agent on this node, so no prepared data (a node restarted after the data \
                stages has none): run the data stages on this node first
                """
            )
        }
        guard let prepared = await agent.whenLocal({ $0.preparedData() }) ?? nil else {
            throw FederationError(
                .invalidSetting,
                "client \(id)'s data agent holds no prepared data: none of its samples was relabelled onto the task")
        }
        return prepared
    }

    /// Client `id`'s trainer: over `prepared` when given, else over the factory's data.
    static func trainer(of id: Int, _ setup: ClientSetup, prepared: Dataset?, factory: any TrainerFactory) throws
        -> any LocalTrainer
    {
        guard let prepared else { return try factory.makeTrainer(setup, clientID: id) }
        guard let factory = factory as? any PreparedDataTrainerFactory else {
            throw FederationError(
                .invalidSetting, "this node's trainer factory cannot train on prepared data: use LearningTrainerFactory"
            )
        }
        return try factory.makeTrainer(setup, clientID: id, prepared: prepared)
    }
}
