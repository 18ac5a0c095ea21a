/// NumPy's default random stream, reproduced: `numpy.random.default_rng(seed)` is a PCG64 bit
/// generator (XSL-RR output, 128-bit state) seeded through a `SeedSequence`, and this struct walks
/// the same states, so a seed gives the same raw words, doubles and draws as NumPy 2.x.
///
/// It exists so that a split made by a Python FL stack (Flower Datasets' `DirichletPartitioner`,
/// see ``Partitioner/flowerDirichlet(alpha:minimumPerClient:selfBalancing:)``) can be made again
/// here from the same seed, and a comparison with that stack runs on the same clients' data.
/// Everything else in FedActors uses ``Xoshiro``, which is faster and simpler.
package struct NumPyGenerator: Sendable {
    private var state: UInt128
    private let increment: UInt128
    /// The upper half of a 64-bit word not yet handed out by ``nextUInt32()`` (NumPy buffers it).
    private var pendingHalf: UInt32?

    private static let multiplier: UInt128 = (UInt128(0x2360_ED05_1FC6_5DA4) << 64) | UInt128(0x4385_DF64_9FCC_F645)

    /// `numpy.random.default_rng(seed)`.
    package init(seed: UInt64) {
        let words = SeedSequence(entropy: seed).state(words64: 4)
        self.init(
            seed: (UInt128(words[0]) << 64) | UInt128(words[1]), sequence: (UInt128(words[2]) << 64) | UInt128(words[3])
        )
    }

    /// PCG's own seeding (`pcg64_set_seed`): an initial state and a stream selector.
    init(seed: UInt128, sequence: UInt128) {
        state = 0
        increment = (sequence << 1) | 1
        step()
        state &+= seed
        step()
    }

    private mutating func step() {
        state = state &* Self.multiplier &+ increment
    }

    /// The next 64-bit word (`next_uint64`).
    package mutating func nextUInt64() -> UInt64 {
        step()
        let folded = UInt64(truncatingIfNeeded: state >> 64) ^ UInt64(truncatingIfNeeded: state)
        let rotation = UInt64(truncatingIfNeeded: state >> 122)
        return folded.rotateRight(by: rotation)
    }

    /// The next 32-bit word (`next_uint32`): the low half of a fresh 64-bit word, then its high half.
    package mutating func nextUInt32() -> UInt32 {
        if let half = pendingHalf {
            pendingHalf = nil
            return half
        }
        let word = nextUInt64()
        pendingHalf = UInt32(truncatingIfNeeded: word >> 32)
        return UInt32(truncatingIfNeeded: word)
    }

    /// Uniform on [0, 1) with 53 random bits (`next_double`, `Generator.random()`).
    package mutating func nextDouble() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// Uniform on 0...bound by masked rejection (`random_interval`), as `Generator.shuffle` draws.
    package mutating func interval(_ bound: UInt64) -> UInt64 {
        guard bound > 0 else { return 0 }
        var mask = bound
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        if bound <= UInt64(UInt32.max) {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= bound { return value }
            }
        }
        while true {
            let value = nextUInt64() & mask
            if value <= bound { return value }
        }
    }

    /// Fisher–Yates from the back, as `Generator.shuffle` does for a Python list.
    package mutating func shuffle<T>(_ items: inout [T]) {
        var i = items.count - 1
        while i > 0 {
            let j = Int(interval(UInt64(i)))
            items.swapAt(i, j)
            i -= 1
        }
    }
}

private extension UInt64 {
    func rotateRight(by count: UInt64) -> UInt64 {
        let c = count & 63
        return c == 0 ? self : (self >> c) | (self << (64 - c))
    }
}
