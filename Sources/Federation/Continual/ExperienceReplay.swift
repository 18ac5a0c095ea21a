import ActorMesh

/// Experience replay for continual learning (rehearsal; Rolnick et al., NeurIPS 2019; Chaudhry et
/// al., 2019, "tiny episodic memories"): each client keeps a bounded memory of samples of the tasks
/// it has already seen (``ReplayMemory``, a reservoir) and mixes them into its local epochs of the
/// current task, so that the old classes keep pulling on the weights.
package struct ExperienceReplay: Codable, Sendable, Equatable {
    /// The most samples a client's memory holds (over all past tasks together).
    package var memory: Int
    /// The share of each local epoch taken from the memory, in [0.05, 0.9]: with the current task's N
    /// samples, an epoch adds N·share/(1 − share) replayed ones (at 0.5 as many as the task's), so a
    /// batch is on average that share old samples.
    package var share: Double

    /// - Throws: ``FederationError`` (`invalidSetting`) for a memory outside 1…100,000 or a share outside [0.05, 0.9].
    package init(memory: Int, share: Double = 0.5) throws(FederationError) {
        guard (1...100_000).contains(memory) else {
            throw FederationError(
                .invalidSetting, "the replay memory is \(memory) samples; use 1 to 100000 (e.g. 200 per client)")
        }
        guard share >= 0.05, share <= 0.9 else {
            throw FederationError(
                .invalidSetting, "the replay share is \(share); use a share of each epoch in [0.05, 0.9] (e.g. 0.5)")
        }
        self.memory = memory
        self.share = share
    }

    /// How many replayed samples join an epoch of `current` samples of the current task.
    package func replayed(alongside current: Int) -> Int {
        Int((Double(current) * share / (1 - share)).rounded())
    }
}

/// A bounded, uniform sample of a stream of sample indices (reservoir sampling, Vitter's Algorithm
/// R): after `n` offers each offered index is in the memory with probability capacity / n, and the
/// memory never holds more than ``capacity``. Seeded, so the same offers give the same memory.
package struct ReplayMemory: Codable, Sendable, Equatable {
    package let capacity: Int
    /// The indices held, at most ``capacity``.
    package private(set) var slots: [Int] = []
    /// How many indices have been offered.
    package private(set) var seen = 0
    private var rng: SplitMix64

    package init(capacity: Int, seed: UInt64) {
        self.capacity = max(1, capacity)
        rng = SplitMix64(seed: seed ^ 0x5E5E_4701_12A9)
    }

    /// Offers `index` to the memory: kept while there is room, then in place of a random slot with
    /// probability capacity / seen.
    package mutating func offer(_ index: Int) {
        seen += 1
        if slots.count < capacity {
            slots.append(index)
            return
        }
        let j = Int.random(in: 0..<seen, using: &rng)
        if j < capacity { slots[j] = index }
    }

    /// `count` indices of the memory for one epoch, drawn by `seed`: passes over the memory in
    /// shuffled order, as many as it takes (none when the memory is empty).
    package func draw(_ count: Int, seed: UInt64) -> [Int] {
        guard !slots.isEmpty, count > 0 else { return [] }
        var rng = SplitMix64(seed: seed ^ 0x4E91_A7C3_0B1D)
        var out: [Int] = []
        out.reserveCapacity(count)
        while out.count < count {
            var pass = slots
            pass.shuffle(using: &rng)
            out += pass.prefix(count - out.count)
        }
        return out
    }
}
