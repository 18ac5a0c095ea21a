/// What the sampler knows about a client.
package struct Candidate: Sendable, Equatable {
    package var id: Int
    package var sampleCount: Int
    /// Last training loss the client reported, if any.
    package var lastLoss: Double?
    package init(id: Int, sampleCount: Int, lastLoss: Double? = nil) {
        self.id = id
        self.sampleCount = sampleCount
        self.lastLoss = lastLoss
    }
}

/// Picks the clients invited to a round. Pure: the same candidates, policy and generator state give
/// the same selection.
package enum ClientSampler {
    /// `count` clients from `candidates` by `policy.sampling`, in selection order.
    package static func select(
        _ count: Int, from candidates: [Candidate], sampling: ParticipationPolicy.Sampling,
        using rng: inout some RandomNumberGenerator
    ) -> [Int] {
        let count = min(count, candidates.count)
        guard count > 0 else { return [] }
        switch sampling {
        case .uniform:
            var pool = candidates.map(\.id)
            pool.shuffle(using: &rng)
            return Array(pool.prefix(count))
        case .bySize:
            return weightedWithoutReplacement(count, candidates, using: &rng).map(\.id)
        case .powerOfChoice(let d):
            let drawn = weightedWithoutReplacement(max(count, min(d, candidates.count)), candidates, using: &rng)
            // Highest loss first; unknown loss first of all; ties by id for determinism.
            return drawn.sorted { a, b in
                let la = a.lastLoss ?? .infinity, lb = b.lastLoss ?? .infinity
                return la != lb ? la > lb : a.id < b.id
            }.prefix(count).map(\.id)
        }
    }

    /// Sampling proportional to size without replacement (sequential draws; a client of size 0 is
    /// only drawn once every positive-size client is taken).
    static func weightedWithoutReplacement(
        _ count: Int, _ candidates: [Candidate], using rng: inout some RandomNumberGenerator
    ) -> [Candidate] {
        var pool = candidates
        var chosen: [Candidate] = []
        while chosen.count < count, !pool.isEmpty {
            // Each weight is capped at WireLimits.maxCount, so the sum cannot overflow.
            let weight = { (c: Candidate) in min(WireLimits.maxCount, max(0, c.sampleCount)) }
            let total = pool.reduce(0) { $0 + weight($1) }
            var index = 0
            if total > 0 {
                var target = Int.random(in: 0..<total, using: &rng)
                for (i, c) in pool.enumerated() {
                    let w = weight(c)
                    if target < w { index = i; break }
                    target -= w
                }
            } else {
                index = Int.random(in: 0..<pool.count, using: &rng)
            }
            chosen.append(pool.remove(at: index))
        }
        return chosen
    }
}
