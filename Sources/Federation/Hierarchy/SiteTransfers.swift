/// The aggregator↔server hop of a hierarchical round in virtual time: every site's aggregator
/// downloads the model at the round's start over its own link and the server's (shared by the sites
/// max-min fairly, as ``FlowSimulation`` shares it), and uploads its one update when it is ready.
/// Pure and deterministic.
package struct SiteTransfers: Sendable {
    /// The server's access link (nil: unlimited).
    package let server: SharedLink?

    package init(server: SharedLink?) { self.server = server }

    /// One site's transfer: its link, when it starts and how many bytes.
    package struct Transfer: Sendable {
        package var site: String
        package var link: SharedLink?
        package var start: Double
        package var bytes: Int

        package init(site: String, link: SharedLink?, start: Double, bytes: Int) {
            self.site = site
            self.link = link
            self.start = start
            self.bytes = bytes
        }
    }

    /// When each transfer's last byte arrives, in virtual seconds since the round began: its start,
    /// its path's latency (the site's link and the server's) and its time on the links.
    package func arrivals(_ transfers: [Transfer], _ direction: LinkDirection) -> [String: Double] {
        let serverRate = server?.rate(direction)
        var flows: [FlowSimulation.Flow] = []
        var latencies: [Double] = []
        for t in transfers {
            let latency = (t.link?.latencySeconds ?? 0) + (server?.latencySeconds ?? 0)
            let loss = LossLimit.pathLoss([t.link?.lossRate ?? 0, server?.lossRate ?? 0])
            let ceiling = min(
                t.link?.rate(direction) ?? .infinity, LossLimit.bytesPerSecond(loss: loss, latencySeconds: latency))
            flows.append(
                FlowSimulation.Flow(
                    start: t.start, bytes: Double(t.bytes), ceiling: ceiling, links: serverRate == nil ? [] : [0]))
            latencies.append(latency)
        }
        let seconds = FlowSimulation(capacities: serverRate.map { [$0] } ?? []).transferSeconds(flows)
        var out: [String: Double] = [:]
        for (i, t) in transfers.enumerated() { out[t.site] = t.start + latencies[i] + seconds[i] }
        return out
    }

    /// Seconds `bytes` take over `link` and the server's link with nothing else on them.
    package func alone(_ link: SharedLink?, bytes: Int, _ direction: LinkDirection) -> Double {
        arrivals([Transfer(site: "", link: link, start: 0, bytes: bytes)], direction)[""] ?? 0
    }
}
