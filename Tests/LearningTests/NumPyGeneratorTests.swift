import Testing
@testable import Learning

/// Every expected value here was printed by NumPy 2.4.6 (`numpy.random.default_rng(seed)` unless
/// said otherwise); the Python line that printed it is next to it.
@Suite struct NumPyGeneratorTests {
    @Test func seedSequenceStretchesSmallAndLargeSeedsAsNumPyDoes() {
        // np.random.SeedSequence(42).generate_state(4, np.uint32)
        #expect(
            SeedSequence(entropy: 42).state(words32: 4) == [3_444_837_047, 2_669_555_309, 2_046_530_742, 3_581_440_988])
        // np.random.SeedSequence(42).generate_state(4, np.uint64)
        #expect(
            SeedSequence(entropy: 42).state(words64: 4) == [
                0x9F1E_2E6D_CD54_0AB7, 0xD578_73DC_79FB_94B6, 0x7D28_2A1B_64D4_20B7, 0x3365_7971_4692_D5FF,
            ])
        // A seed of two 32-bit words: np.random.SeedSequence(2**40 + 5).generate_state(4, np.uint32)
        #expect(
            SeedSequence(entropy: 1 << 40 + 5).state(words32: 4) == [
                3_767_146_251, 3_672_381_269, 2_127_416_108, 2_216_012_776,
            ])
    }

    @Test func rawWordsAndDoublesMatch() {
        var g = NumPyGenerator(seed: 42)
        // g.bit_generator.random_raw(3)
        #expect(
            [g.nextUInt64(), g.nextUInt64(), g.nextUInt64()] == [
                14_276_969_152_011_380_360, 8_095_878_257_575_067_585, 15_838_336_090_824_644_132,
            ])
        g = NumPyGenerator(seed: 42)
        // g.random(3)
        #expect(
            [g.nextDouble(), g.nextDouble(), g.nextDouble()] == [
                0.7739560485559633, 0.4388784397520523, 0.8585979199113825,
            ])
    }

    @Test func exponentialGammaAndDirichletDrawsAreBitIdentical() {
        var g = NumPyGenerator(seed: 42)
        // g.standard_exponential(4)
        #expect(
            (0..<4).map { _ in g.standardExponential() } == [
                0x1.33bd1b8765db9p+1, 0x1.2b08433c827fcp+1, 0x1.313fd9339e3b5p+1, 0x1.1e8264f21493bp-2,
            ])
        g = NumPyGenerator(seed: 42)
        // g.standard_gamma(0.5, 4)
        #expect(
            (0..<4).map { _ in g.standardGamma(0.5) } == [
                0x1.9be77172862e0p-1, 0x1.47c147aa1879bp+0, 0x1.22a1b12ca8ed7p-7, 0x1.82f78ac81671ap-1,
            ])
        g = NumPyGenerator(seed: 42)
        // g.dirichlet([0.5] * 4)
        #expect(
            g.dirichlet([0.5, 0.5, 0.5, 0.5]) == [
                0x1.211c4c612aa1bp-2, 0x1.cc18393f99427p-2, 0x1.97fb5081a2d7ap-9, 0x1.0f9b83be38d60p-2,
            ])
        g = NumPyGenerator(seed: 42)
        // Every alpha below 0.1 takes NumPy's stick-breaking path: g.dirichlet([0.05, 0.02, 0.08])
        #expect(
            g.dirichlet([0.05, 0.02, 0.08]) == [0x1.ea267929b84b6p-1, 0x1.da5dfb1e3a070p-10, 0x1.4ec57d8b8979cp-5])
        g = NumPyGenerator(seed: 42)
        // g.beta(0.3, 0.7, 3), then g.beta(2.0, 0.5, 2) on the same generator
        #expect(
            (0..<3).map { _ in g.beta(0.3, 0.7) } == [
                0x1.28e7f7ee3df2fp-1, 0x1.9ca1a4db5a49fp-12, 0x1.b0c87402b65a0p-9,
            ])
        #expect((0..<2).map { _ in g.beta(2.0, 0.5) } == [0x1.beea784b5f30ep-1, 0x1.c40bfadcb3eb7p-1])
    }

    @Test func normalAndLargeShapeGammaDrawsAreBitIdenticalAndStayInStep() {
        var g = NumPyGenerator(seed: 42)
        // g.standard_normal(3), then g.random()
        #expect(
            (0..<3).map { _ in g.standardNormal() } == [
                0x1.3807c1104fc6bp-2, -0x1.0a3c65fca9a7ep+0, 0x1.803b239e77350p-1,
            ])
        #expect(g.nextDouble() == 0.6973680290593639)
        g = NumPyGenerator(seed: 42)
        // g.standard_gamma(3.0, 3), then g.random()
        #expect(
            (0..<3).map { _ in g.standardGamma(3) } == [
                0x1.9911f1c9bdc84p+1, 0x1.05b9b4c4260a4p+2, 0x1.70c2207753daap+1,
            ])
        #expect(g.nextDouble() == 0.12811363267554587)
    }

    /// FNV-1a over whole 64-bit words: `h = (h ^ bits) * 0x100000001B3`, the bits of each double.
    static func wordDigest(_ values: [Double]) -> UInt64 {
        values.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ $1.bitPattern) &* 0x100_0000_01B3 }
    }

    @Test func longNormalGammaAndBetaStreamsAreBitIdentical() {
        // Long enough to reach every ziggurat layer, its wedges and the tail (46 of these normals lie
        // beyond r), so every table entry NumPy uses is checked against NumPy's own.
        // g = default_rng(7); a = g.standard_normal(200000); digest(a), g.random()
        var g = NumPyGenerator(seed: 7)
        #expect(Self.wordDigest((0..<200_000).map { _ in g.standardNormal() }) == 0xA5CE_D82F_338D_1D62)
        #expect(g.nextDouble() == 0.7775087950938631)
        // g = default_rng(7); a = g.standard_gamma(2.5, 50000)
        g = NumPyGenerator(seed: 7)
        #expect(Self.wordDigest((0..<50_000).map { _ in g.standardGamma(2.5) }) == 0xF45C_22DB_50C1_3D54)
        #expect(g.nextDouble() == 0.6118462805678183)
        // The betas Flower's split draws below alpha 0.1 (second shape above 1, so through the normal):
        // g = default_rng(7); a = [g.beta(0.09, 0.09 * 14) for _ in range(50000)]
        g = NumPyGenerator(seed: 7)
        #expect(Self.wordDigest((0..<50_000).map { _ in g.beta(0.09, 0.09 * 14) }) == 0x38AD_29D5_1734_A910)
        #expect(g.nextDouble() == 0.9529369437255125)
    }

    @Test func shuffleAndTheBufferedHalfWordMatch() {
        var g = NumPyGenerator(seed: 42)
        var items = Array(0..<10)
        // a = list(range(10)); g.shuffle(a); g.integers(0, 2**32, dtype=np.uint32)
        g.shuffle(&items)
        #expect(items == [5, 6, 0, 7, 3, 2, 4, 9, 1, 8])
        #expect(g.nextUInt32() == 3_160_032_369)
        // Shuffling one item or none draws no word: g = default_rng(42); g.shuffle([7]); g.shuffle([]);
        // g.integers(0, 2**32, dtype=np.uint32)
        g = NumPyGenerator(seed: 42)
        var single = [7]
        g.shuffle(&single)
        var none: [Int] = []
        g.shuffle(&none)
        #expect(g.nextUInt32() == 383_329_928)
    }

    @Test func betaUnderflowAndZeroAlphasFollowNumPy() {
        // One of X, Y underflowing takes the logarithm branch: default_rng(0).beta(1e-3, 1e-3, 29)[28]
        var g = NumPyGenerator(seed: 0)
        let draws = (0..<29).map { _ in g.beta(1e-3, 1e-3) }
        #expect(draws[28] == 0x1.938a49752df5ep-823)
        // Breaking stops once the alphas left sum to 0: default_rng(5).dirichlet([0.05, 0, 0]), then random()
        g = NumPyGenerator(seed: 5)
        #expect(g.dirichlet([0.05, 0, 0]) == [1, 0, 0])
        #expect(g.nextDouble() == 0.515325561042142)
        #expect(g.dirichlet([0, 0]) == [0, 0])
    }

    @Test func intervalStaysInItsBound() {
        var g = NumPyGenerator(seed: 9)
        for bound: UInt64 in [0, 1, 5, 1 << 32, 1 << 40 + 3] {
            for _ in 0..<200 { #expect(g.interval(bound) <= bound) }
        }
    }
}
