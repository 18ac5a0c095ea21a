import ActorMesh
import Federation

/// Where the server finds each site's aggregator in a launched run: on its host's node, at the
/// address the roster knows now (a restarted node is reached at its new one), while that node is up.
struct RosterAggregators: AggregatorDirectory {
    let roster: NodeRoster
    let coordinator: MeshSystem
    /// Each aggregator's host, by aggregator name.
    let hosts: [String: String]

    func aggregator(ofSite name: String) async -> SiteAggregator? {
        guard let host = hosts[name], roster.liveness(of: host)?.state == .up,
            let endpoint = roster.endpoint(of: host)
        else { return nil }
        return try? SiteAggregator.at(endpoint, using: coordinator)
    }
}
