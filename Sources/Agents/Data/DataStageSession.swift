import ActorMesh
import Distributed
import Federation
import Foundation
import Learning
import Topology

/// The data stages for a topology with a `messy:` section, as `fedactors auto` runs them before
/// training: one node per host of the topology (a mesh system of its own on ZeroMQ tcp over
/// 127.0.0.1 inside this process, with its ``ClientHost``), each client's data agent made on its
/// host's node, the server data agent on `home`, and the stages driven from `driver`, whose ledger
/// meters every call.
package final class DataStageSession: Sendable {
    package let nodes: [MeshSystem]
    private let keep: [ClientHost]
    package let server: ServerDataAgent
    private let serverHome: ServerDataAgent
    package let clients: [Int: ClientDataAgent]

    /// Starts the nodes, the client data agents (each node builds its clients' data) and the server agent.
    package init(
        topology spec: TopologySpec, home: MeshSystem, driver: MeshSystem, gate: HumanGateAgent,
        llm: ChatClient? = nil
    ) async throws {
        guard let messy = spec.messy else {
            throw FederationError(
                .invalidSetting, "topology \(spec.name) has no messy: section: there is no data to prepare")
        }
        let plan = try RunPlan(spec)
        var nodes: [MeshSystem] = [], hosts: [ClientHost] = [], placement: [String: [Int]] = [:]
        for (_, ids) in plan.clientsByHost.sorted(by: { $0.key < $1.key }) where !ids.isEmpty {
            let node = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
            hosts.append(
                try node.makeActor(named: ClientHost.path) {
                    ClientHost(actorSystem: node, factory: LearningTrainerFactory())
                })
            nodes.append(node)
            placement[node.endpoint] = ids
        }
        self.nodes = nodes
        keep = hosts
        let task = DataTask(sampleShape: [1, 28, 28], classes: messy.taskClasses)
        serverHome = try home.makeActor(named: ServerDataAgent.path) {
            ServerDataAgent(actorSystem: home, task: task, gate: gate, llm: llm)
        }
        server = try ServerDataAgent.resolve(id: serverHome.id, using: driver)
        clients = try await DataAgentPlacement.start(
            messy, seed: spec.seed, totalClients: spec.clientCount, placement: placement, from: driver)
    }

    /// Stops the nodes.
    package func shutdown() {
        for node in nodes { node.shutdown() }
    }
}
