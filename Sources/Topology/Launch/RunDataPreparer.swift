import ActorMesh
import Federation

/// Prepares the clients' data of a topology with a `messy:` section before its first round: the
/// data stages (description, selection, cleaning, harmonization) between a server data agent beside
/// the FL server and a data agent on each client's node. The launcher knows nothing of agents; the
/// command line gives it the stages (`Agents.RunDataStages`).
package protocol RunDataPreparer: Sendable {
    /// Runs the stages from `coordinator` (the FL server's node) with the clients of `plan` on the
    /// nodes at `endpoints` (host name → where its node is dialled), writing what happens with
    /// `announce`, and says which clients train on prepared data.
    func prepare(
        _ plan: RunPlan, coordinator: MeshSystem, endpoints: [String: String],
        announce: @escaping @Sendable (String) -> Void
    ) async throws -> PreparedClients
}
