/// NumPy's `SeedSequence` for an integer seed with no spawn key: it hashes the seed's 32-bit words
/// into a pool of four and stretches the pool into as many state words as a bit generator needs.
/// Only ``NumPyGenerator`` uses it.
struct SeedSequence {
    private static let hashStartA: UInt32 = 0x43B0_D7E5
    private static let hashFactorA: UInt32 = 0x931E_8875
    private static let hashStartB: UInt32 = 0x8B51_F9DD
    private static let hashFactorB: UInt32 = 0x58F3_8DED
    private static let mixLeft: UInt32 = 0xCA01_F9DD
    private static let mixRight: UInt32 = 0x4973_F715

    private(set) var pool: [UInt32] = [0, 0, 0, 0]

    init(entropy: UInt64) {
        // The seed as little-endian 32-bit words, without leading zero words (0 is one word).
        var words: [UInt32] = []
        var rest = entropy
        repeat {
            words.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        } while rest > 0

        var factor = Self.hashStartA
        func hash(_ value: UInt32) -> UInt32 {
            var v = value ^ factor
            factor &*= Self.hashFactorA
            v &*= factor
            return v ^ (v >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let r = Self.mixLeft &* x &- Self.mixRight &* y
            return r ^ (r >> 16)
        }
        for i in pool.indices {
            pool[i] = hash(i < words.count ? words[i] : 0)
        }
        for source in pool.indices {
            for target in pool.indices where target != source {
                pool[target] = mix(pool[target], hash(pool[source]))
            }
        }
        for source in pool.count..<max(pool.count, words.count) {
            for target in pool.indices {
                pool[target] = mix(pool[target], hash(words[source]))
            }
        }
    }

    /// `generate_state(n, np.uint32)`.
    func state(words32 count: Int) -> [UInt32] {
        var factor = Self.hashStartB
        return (0..<count).map { i in
            var v = pool[i % pool.count] ^ factor
            factor &*= Self.hashFactorB
            v &*= factor
            return v ^ (v >> 16)
        }
    }

    /// `generate_state(n, np.uint64)`: pairs of 32-bit words, the first of each pair the low half.
    func state(words64 count: Int) -> [UInt64] {
        let halves = state(words32: 2 * count)
        return (0..<count).map { UInt64(halves[2 * $0]) | (UInt64(halves[2 * $0 + 1]) << 32) }
    }
}
