/// Transfers sharing links, simulated as fluid flows: a small discrete-event model with max-min fair
/// sharing, recomputed whenever a transfer starts or ends. A pure value, deterministic: the same flows
/// give the same times on every machine (ties are broken by index, never by a clock or a hash).
///
/// Each ``Flow`` has a start time, a size, its own rate ceiling (the client's last mile, and a loss
/// limit) and the shared links it crosses (a server's access link, a site's uplink). Between two
/// events every active flow moves at its max-min fair rate: no link carries more than its capacity,
/// and no flow can go faster without slowing one that is no faster than it (progressive filling).
///
/// A flow whose rate never changes keeps its closed form, `bytes / rate`, to the last bit: a network
/// whose shared links are unlimited gives exactly the times of private links alone.
package struct FlowSimulation: Sendable, Equatable {
    /// One transfer.
    package struct Flow: Sendable, Equatable {
        /// When the sender starts, in seconds.
        package var start: Double
        /// Bytes to move.
        package var bytes: Double
        /// The flow's own ceiling in bytes per second (its private link); `.infinity` for none.
        package var ceiling: Double
        /// Indices of the shared links it crosses, into ``FlowSimulation/capacities``.
        package var links: [Int]

        package init(start: Double, bytes: Double, ceiling: Double, links: [Int] = []) {
            self.start = start
            self.bytes = bytes
            self.ceiling = ceiling
            self.links = links
        }
    }

    /// Capacity of each shared link in bytes per second (`.infinity`: unlimited).
    package var capacities: [Double]

    package init(capacities: [Double]) {
        self.capacities = capacities
    }

    /// A flow's progress: from `anchor` on it moves at `rate` with `remaining` bytes left.
    private struct Progress {
        var anchor: Double
        var remaining: Double
        var rate: Double
        /// When it will finish at this rate.
        var finish: Double { rate == .infinity || remaining <= 0 ? anchor : anchor + remaining / rate }
    }

    /// How long each flow takes, from its start to its last byte sent (latency is the caller's to add),
    /// in the order given. A flow of zero bytes, or with no limit anywhere on its way, takes 0 s.
    package func transferSeconds(_ flows: [Flow]) -> [Double] {
        var seconds = [Double](repeating: 0, count: flows.count)
        let pending = flows.indices.sorted { (flows[$0].start, $0) < (flows[$1].start, $1) }
        var nextPending = 0
        var active: [Int: Progress] = [:]
        var now = pending.first.map { flows[$0].start } ?? 0
        while nextPending < pending.count || !active.isEmpty {
            // Flows that start now join; then every active flow gets its fair rate.
            while nextPending < pending.count, flows[pending[nextPending]].start <= now {
                let id = pending[nextPending]
                active[id] = Progress(anchor: flows[id].start, remaining: flows[id].bytes, rate: 0)
                nextPending += 1
            }
            let ids = active.keys.sorted()
            let rates = fairRates(ids.map { flows[$0] })
            for (id, rate) in zip(ids, rates) {
                guard var p = active[id], p.rate != rate else { continue }
                // The rate changes: bank the bytes sent so far (a flow that just joined has sent none).
                if p.rate > 0 { p.remaining = max(0, p.remaining - p.rate * (now - p.anchor)); p.anchor = now }
                p.rate = rate
                active[id] = p
            }
            // The next event: a flow finishes, or one starts.
            let firstFinish = active.values.map(\.finish).min() ?? .infinity
            let nextStart = nextPending < pending.count ? flows[pending[nextPending]].start : .infinity
            now = min(firstFinish, nextStart)
            for id in ids where (active[id]?.finish ?? .infinity) <= now {
                guard let p = active.removeValue(forKey: id) else { continue }
                // (anchor − start) + remaining / rate: bytes / rate exactly for a flow never slowed.
                seconds[id] = (p.anchor - flows[id].start) + (p.rate == .infinity ? 0 : p.remaining / p.rate)
            }
        }
        return seconds
    }

    /// Max-min fair rates of `flows` active together (progressive filling): raise every unfixed
    /// flow's rate equally until a flow reaches its ceiling or a link fills; fix those; repeat. A flow
    /// that crosses no limited link gets its ceiling at once. The flows are visited by ceiling, so a
    /// round of n flows over L links costs O(n log n + L·n), not O(n²).
    func fairRates(_ flows: [Flow]) -> [Double] {
        var rates = [Double](repeating: .infinity, count: flows.count)
        var fixed = [Bool](repeating: false, count: flows.count)
        var spare = capacities
        var users = [Int](repeating: 0, count: capacities.count)
        var onLink = [[Int]](repeating: [], count: capacities.count)
        let limited = flows.map { Set($0.links).filter { capacities.indices.contains($0) && capacities[$0].isFinite } }
        var open = 0
        for (i, flow) in flows.enumerated() {
            if limited[i].isEmpty {
                rates[i] = flow.ceiling
                fixed[i] = true
                continue
            }
            for l in limited[i] { users[l] += 1; onLink[l].append(i) }
            open += 1
        }
        let byCeiling = flows.indices.filter { !fixed[$0] }.sorted { (flows[$0].ceiling, $0) < (flows[$1].ceiling, $1) }
        var next = 0
        var level = 0.0
        func fix(_ i: Int, at rate: Double) {
            fixed[i] = true
            rates[i] = rate
            open -= 1
            for l in limited[i] { users[l] -= 1 }
        }
        while open > 0 {
            while next < byCeiling.count, fixed[byCeiling[next]] { next += 1 }
            // The lowest of: the next unfixed ceiling, and each used link's share of what is left.
            var target = next < byCeiling.count ? flows[byCeiling[next]].ceiling : .infinity
            for l in spare.indices where users[l] > 0 { target = min(target, level + spare[l] / Double(users[l])) }
            guard target.isFinite else { break }
            for l in spare.indices where users[l] > 0 { spare[l] -= (target - level) * Double(users[l]) }
            level = target
            // A flow held by its own ceiling gets exactly it (no drift from the running level).
            while next < byCeiling.count, fixed[byCeiling[next]] || flows[byCeiling[next]].ceiling <= level {
                if !fixed[byCeiling[next]] { fix(byCeiling[next], at: flows[byCeiling[next]].ceiling) }
                next += 1
            }
            // Rounding leaves crumbs: a link within a millionth of a millionth of its capacity is full.
            for l in spare.indices where users[l] > 0 && spare[l] <= capacities[l] * 1e-12 {
                for i in onLink[l] where !fixed[i] { fix(i, at: level) }
            }
        }
        return rates
    }
}
