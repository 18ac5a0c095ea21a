/// One round's transfers on a ``NetworkModel``: every invited client downloads the model at the
/// round's start (all at once, sharing the server's and their sites' links), computes, then uploads
/// its update (sharing the same links the other way, with whoever is uploading then). Gives each
/// answering client's ``VirtualTiming``. Pure and deterministic.
package struct RoundTransfers: Sendable {
    /// One invited client's part of the round.
    package struct Client: Sendable, Equatable {
        package var profile: ClientProfile
        /// Bytes of the model sent to it.
        package var bytesDown: Int
        /// Its answer's work and update size; nil when it did not answer (dropped out, failed):
        /// it downloaded, then sent nothing.
        package var answer: (flops: Double, bytesUp: Int)?

        package init(profile: ClientProfile, bytesDown: Int, answer: (flops: Double, bytesUp: Int)?) {
            self.profile = profile
            self.bytesDown = bytesDown
            self.answer = answer
        }

        package static func == (a: Client, b: Client) -> Bool {
            a.profile == b.profile && a.bytesDown == b.bytesDown && a.answer?.flops == b.answer?.flops
                && a.answer?.bytesUp == b.answer?.bytesUp
        }
    }

    package let network: NetworkModel

    package init(network: NetworkModel) {
        self.network = network
    }

    /// The timing of every client that answered, by client id.
    package func timings(_ clients: [Int: Client]) -> [Int: VirtualTiming] {
        let ids = clients.keys.sorted()
        // Downloads: everyone at time 0.
        let down = simulate(ids.compactMap { id in clients[id].map { (id, $0.profile, 0.0, $0.bytesDown) } }, .down)
        // Uploads: each answering client once it has the model and has trained.
        var compute: [Int: Double] = [:]
        var uploads: [(Int, ClientProfile, Double, Int)] = []
        for id in ids {
            guard let client = clients[id], let answer = client.answer, let downloaded = down[id] else { continue }
            compute[id] = answer.flops / client.profile.device.flopsPerSecond
            uploads.append((id, client.profile, downloaded + (compute[id] ?? 0), answer.bytesUp))
        }
        let up = simulate(uploads, .up)
        var result: [Int: VirtualTiming] = [:]
        for (id, _, _, _) in uploads {
            guard let d = down[id], let c = compute[id], let u = up[id] else { continue }
            result[id] = VirtualTiming(downloadSeconds: d, computeSeconds: c, uploadSeconds: u)
        }
        return result
    }

    /// Seconds from each transfer's start to its arrival (its path's latency plus its time on the links).
    func simulate(
        _ transfers: [(id: Int, profile: ClientProfile, start: Double, bytes: Int)], _ direction: LinkDirection
    ) -> [Int: Double] {
        var keys: [String: Int] = [:]
        var capacities: [Double] = []
        var flows: [FlowSimulation.Flow] = []
        var latencies: [Double] = []
        for t in transfers {
            let path = network.path(of: t.id, profile: t.profile, direction: direction)
            var links: [Int] = []
            for (key, link) in path.shared {
                guard let rate = link.rate(direction) else { continue }
                if keys[key] == nil { keys[key] = capacities.count; capacities.append(rate) }
                if let index = keys[key] { links.append(index) }
            }
            flows.append(
                FlowSimulation.Flow(start: t.start, bytes: Double(t.bytes), ceiling: path.ceiling, links: links))
            latencies.append(path.latencySeconds)
        }
        let seconds = FlowSimulation(capacities: capacities).transferSeconds(flows)
        var result: [Int: Double] = [:]
        for (i, t) in transfers.enumerated() { result[t.id] = latencies[i] + seconds[i] }
        return result
    }
}
