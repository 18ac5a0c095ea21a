import ActorMesh
import Distributed

/// The aggregator of a hierarchical run, one on every node (at ``SiteAggregator/path``), serving
/// whichever site the server names: each round it forwards the model to the site's invited clients,
/// collects their answers and returns one pre-aggregated update (``SiteCollection`` decides
/// everything; this actor only makes the calls).
///
/// It keeps nothing between rounds but each site's compression residual (error feedback): the server
/// sends it the clients' current references every round, so a node that rejoins needs no setup.
package distributed actor SiteAggregator {
    package typealias ActorSystem = MeshSystem

    /// The well-known path of the aggregator on every node.
    package static let path = "federation/aggregator"

    private var compressors: [String: UpdateCompressor] = [:]

    package init(actorSystem: MeshSystem) {
        self.actorSystem = actorSystem
    }

    /// The aggregator on the node at `endpoint`.
    package static func at(_ endpoint: String, using system: MeshSystem) throws -> SiteAggregator {
        try resolve(id: MeshActorID(node: endpoint, path: path), using: system)
    }

    /// Runs `instructions`' round for its site: every client's `fit` at once, each limited by the
    /// call timeout, then the site's update.
    package distributed func collect(_ instructions: SiteInstructions) async throws -> SiteUpdate {
        let answers = await fitAll(instructions)
        var collection = SiteCollection(instructions)
        for (id, answer) in answers { collection.received(answer, from: id) }
        var compressor = compressors[instructions.site] ?? UpdateCompressor()
        let update = try collection.update(compressor: &compressor)
        compressors[instructions.site] = compressor
        return update
    }

    /// Calls `fit` on every client of `instructions` concurrently.
    private func fitAll(_ instructions: SiteInstructions) async -> [(Int, SiteCollection.Answer)] {
        let system = actorSystem
        let timeout = Duration.milliseconds(Int64(max(0.001, instructions.callTimeoutSeconds) * 1000))
        return await withTaskGroup(of: (Int, SiteCollection.Answer).self) { group in
            for client in instructions.clients {
                let sent = FitInstructions(
                    round: instructions.round, parameters: instructions.parameters, plan: client.plan,
                    hooks: client.hooks, compression: instructions.compression)
                group.addTask {
                    // Await first, then build the tuple (see FederatedServer.fitAll: a -O miscompile).
                    let answer: SiteCollection.Answer
                    do {
                        let actor = try ClientActor.resolve(id: client.actor, using: system)
                        let result = try await MeshSystem.withDeadline(timeout) { try await actor.fit(sent) }
                        answer = .result(result)
                    } catch let error as FederationError where error.code == .droppedOut {
                        answer = .dropped(reason: error.message)
                    } catch {
                        answer = .failed(reason: "\(error)")
                    }
                    return (client.id, answer)
                }
            }
            var out: [(Int, SiteCollection.Answer)] = []
            for await answer in group { out.append(answer) }
            return out
        }
    }
}
