import ActorMesh
import Learning
import Distributed
import Federation

/// Makes each client's data agent on the node its client lives on, through that node's
/// ``ClientHost``: the node builds the client's messy data itself, so only the settings travel.
package enum DataAgentPlacement {
    /// Creates the agents of `placement` (node endpoint → the client ids it hosts) and returns them as
    /// seen from `system`.
    package static func start(
        _ spec: MessySpec, seed: UInt64, totalClients: Int, placement: [String: [Int]], from system: MeshSystem,
        deadline: Duration = .seconds(120)
    ) async throws -> [Int: ClientDataAgent] {
        var agents: [Int: ClientDataAgent] = [:]
        for (endpoint, ids) in placement.sorted(by: { $0.key < $1.key }) where !ids.isEmpty {
            let host = try ClientHost.at(endpoint, using: system)
            let setup = MessySetup(spec: spec, seed: seed, totalClients: totalClients, clients: ids)
            let made = try await MeshSystem.withDeadline(deadline) { try await host.createDataAgents(setup) }
            for (id, actorID) in made { agents[id] = try ClientDataAgent.resolve(id: actorID, using: system) }
        }
        return agents
    }
}
