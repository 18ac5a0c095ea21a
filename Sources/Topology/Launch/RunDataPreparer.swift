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

/// Which clients train after the data stages, and which were left out and why.
package struct PreparedClients: Codable, Sendable, Equatable {
    /// The clients that train, each on the data its node's data agent prepared.
    package var training: [Int]
    /// The clients left out, with why (refused at selection, or no sample left once cleaned and relabelled).
    package var leftOut: [Int: String]

    package init(training: [Int], leftOut: [Int: String]) {
        self.training = training
        self.leftOut = leftOut
    }

    /// One line for the report and the console: how many train, and who was left out and why.
    package var summary: String {
        let total = training.count + leftOut.count
        let left = leftOut.sorted { $0.key < $1.key }.map { "client \($0.key): \($0.value)" }
        return "\(training.count) of \(total) clients train on prepared data"
            + (left.isEmpty ? "" : "; left out: " + left.joined(separator: "; "))
    }
}
