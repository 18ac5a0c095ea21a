/// Where the links of a run are and who crosses them: the server's access link, each site's (host's)
/// link, and each client's last mile (its ``LinkProfile``). A client's path toward the server is
/// its last mile, its site's link, then the server's link; models come down the same path.
///
/// Aggregators (hierarchical FL) would add a link between site and server; the path is built in one
/// place, ``path(of:profile:direction:)``, where such a hop would go.
package struct NetworkModel: Codable, Sendable, Equatable {
    /// The server's access link; nil: unlimited.
    package var server: SharedLink?
    /// Each site's link, by host name; a host without one is unlimited.
    package var sites: [String: SharedLink]
    /// The site (host name) of each client; a client without one crosses no site link.
    package var clientSites: [Int: String]

    package init(server: SharedLink? = nil, sites: [String: SharedLink] = [:], clientSites: [Int: String] = [:]) {
        self.server = server
        self.sites = sites
        self.clientSites = clientSites
    }

    /// Checks every link; the message names it.
    package func validated() throws(FederationError) -> NetworkModel {
        _ = try server?.validated("the server")
        for (name, link) in sites { _ = try link.validated("host \(name)'s") }
        return self
    }

    /// A transfer's way through the network.
    struct Path {
        /// The shared links crossed, by key ("server", "site:NAME"), each with its link.
        var shared: [(key: String, link: SharedLink)]
        /// One-way latency of the whole path.
        var latencySeconds: Double
        /// The transfer's own ceiling: its last mile, and TCP's limit under the path's loss.
        var ceiling: Double
    }

    /// The path of `client` (on `profile`) in `direction`.
    func path(of client: Int, profile: ClientProfile, direction: LinkDirection) -> Path {
        var shared: [(key: String, link: SharedLink)] = []
        if let site = clientSites[client], let link = sites[site] { shared.append(("site:\(site)", link)) }
        // An aggregator's link would be appended here, between the site and the server.
        if let server { shared.append(("server", server)) }
        // The client's own latency first: x + 0 is x, so a path of unlimited shared links keeps the
        // client's latency to the last bit.
        let latency = shared.reduce(profile.link.latencySeconds) { $0 + $1.link.latencySeconds }
        let loss = LossLimit.pathLoss([profile.link.lossRate] + shared.map(\.link.lossRate))
        let lastMile = direction == .down ? profile.link.downBytesPerSecond : profile.link.upBytesPerSecond
        let ceiling = min(lastMile, LossLimit.bytesPerSecond(loss: loss, latencySeconds: latency))
        return Path(shared: shared, latencySeconds: latency, ceiling: ceiling)
    }
}
