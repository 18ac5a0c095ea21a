import Testing
@testable import Learning

@Suite struct PixelEncodingTests {
    /// Equal numbers of black and white pixels have intensity mean ½ and spread ½: the [−1, 1] encoding.
    @Test func blackAndWhiteInEqualNumbersStandardizeToTheSymmetricEncoding() {
        let encoding = PixelEncoding.standardizing([0, 255, 255, 0])
        #expect(encoding == .symmetric)
        #expect(encoding.black == -1 && encoding.white == 1 && encoding.midGrey == 0)
        #expect(PixelEncoding.symmetric.description == "[-1, 1]")
    }

    /// A hand-computed case: bytes 0, 51, 102 are intensities 0, 0.2, 0.4 (mean 0.2, population
    /// variance 0.08/3), and the byte table encodes every byte as (u − mean) / std.
    @Test func standardizingUsesTheBytesMeanAndPopulationSpread() {
        let encoding = PixelEncoding.standardizing([0, 51, 102])
        #expect(abs(encoding.mean - 0.2) < 1e-12)
        #expect(abs(encoding.standardDeviation - (0.08 / 3).squareRoot()) < 1e-12)
        let table = encoding.byteTable
        #expect(table.count == 256)
        let features = [0, 51, 102].map { table[$0] }
        let mean = features.reduce(0, +) / 3
        let variance = features.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3
        #expect(abs(mean) < 1e-6 && abs(variance - 1) < 1e-5)
        #expect(table[255] == encoding.white && table[0] == encoding.black)
    }

    /// Pixels with no spread, no pixels, and unusable numbers fall back to the [−1, 1] spread rather
    /// than dividing by zero.
    @Test func degenerateStatisticsDoNotProduceNonFiniteFeatures() {
        let flat = PixelEncoding.standardizing([UInt8](repeating: 128, count: 10))
        #expect(flat.standardDeviation == 0.5 && abs(flat.mean - 128.0 / 255) < 1e-12)
        #expect(flat.byteTable.allSatisfy { $0.isFinite })
        #expect(PixelEncoding.standardizing([]).byteTable.allSatisfy { $0.isFinite })
        let bad = PixelEncoding(mean: .nan, standardDeviation: 0)
        #expect(bad == .symmetric)
        #expect(PixelEncoding(mean: 0.3, standardDeviation: -1) == .symmetric)
        // A spread so small that black and white would overflow a Float.
        #expect(PixelEncoding(mean: 0.5, standardDeviation: 1e-300) == .symmetric)
        #expect(PixelEncoding(mean: 0.2, standardDeviation: 1e-3).white.isFinite)
    }
}
