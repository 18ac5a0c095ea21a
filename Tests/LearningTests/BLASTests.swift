import Testing
@testable import Learning

/// The BLAS wrappers' row-major conventions, against plain loops in Float64.
@Suite struct BLASTests {
    /// A 3 × 4 matrix times a vector, plain and transposed, with α and β.
    @Test func gemvMultipliesRowMajorMatricesBothWays() {
        let a: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        var y: [Float] = [1, 1, 1]
        BLAS.gemv(m: 3, n: 4, alpha: 2, a, lda: 4, [1, 0, -1, 2], beta: 3, &y)
        // 2·(A·x) + 3·1: A·x = [1 - 3 + 8, 5 - 7 + 16, 9 - 11 + 24] = [6, 14, 22]
        #expect(y == [15, 31, 47])
        var t: [Float] = [0, 0, 0, 0]
        BLAS.gemv(transpose: true, m: 3, n: 4, a, lda: 4, [1, 2, 3], &t)
        // Aᵀ·x = [1 + 10 + 27, 2 + 12 + 30, 3 + 14 + 33, 4 + 16 + 36]
        #expect(t == [38, 44, 50, 56])
    }

    /// Bias gradients: across the 8,192-row blocks of the ones vector, for one row and for none.
    @Test(arguments: [0, 1, 5, 8_192, 20_000])
    func columnSumsAddEveryRow(rows: Int) {
        let columns = 7
        var rng = Xoshiro(seed: UInt64(rows))
        let m = (0..<(rows * columns)).map { _ in Float(Int(rng.next() % 9)) - 4 }
        var sums = [Float](repeating: .nan, count: columns)
        columnSums(m, rows: rows, columns: columns, into: &sums)
        let expected = (0..<columns).map { c in (0..<rows).reduce(0.0) { $0 + Double(m[$1 * columns + c]) } }
        // Small integers: every partial sum is exact in Float.
        #expect(sums.map(Double.init) == expected)
    }
}
