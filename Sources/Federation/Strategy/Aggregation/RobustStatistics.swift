/// Coordinate-wise and distance-based aggregation rules that tolerate outlying or malicious client
/// updates. Pure functions over equal-length vectors; callers check lengths (``Aggregation/check``).
package enum RobustStatistics {
    /// The coordinate-wise median (Yin et al., ICML 2018). For an even count, the mean of the two middle values.
    package static func median(_ vectors: [[Float]]) -> [Float] {
        guard let length = vectors.first?.count else { return [] }
        var column = [Float](repeating: 0, count: vectors.count)
        var out = [Float](repeating: 0, count: length)
        for i in 0..<length {
            for (j, v) in vectors.enumerated() { column[j] = v[i] }
            column.sort()
            let n = column.count
            out[i] = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2
        }
        return out
    }

    /// The coordinate-wise trimmed mean: per coordinate, drop the `trim` smallest and `trim` largest
    /// values and average the rest (Yin et al., ICML 2018). Needs `2·trim < count`.
    package static func trimmedMean(_ vectors: [[Float]], trim: Int) -> [Float] {
        guard let length = vectors.first?.count, 2 * trim < vectors.count else { return [] }
        var column = [Float](repeating: 0, count: vectors.count)
        var out = [Float](repeating: 0, count: length)
        let kept = vectors.count - 2 * trim
        for i in 0..<length {
            for (j, v) in vectors.enumerated() { column[j] = v[i] }
            column.sort()
            var sum = 0.0
            for k in trim..<(vectors.count - trim) { sum += Double(column[k]) }
            out[i] = Float(sum / Double(kept))
        }
        return out
    }

    /// Squared Euclidean distance.
    package static func squaredDistance(_ a: [Float], _ b: [Float]) -> Double {
        var s = 0.0
        for i in a.indices { let d = Double(a[i] - b[i]); s += d * d }
        return s
    }

    /// Euclidean norm.
    package static func norm(_ a: [Float]) -> Double {
        a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    /// Krum scores (Blanchard et al., NeurIPS 2017): for each vector, the sum of squared distances to
    /// its `count − f − 2` nearest other vectors. Lower is more central. Needs `count > f + 2`.
    package static func krumScores(_ vectors: [[Float]], byzantine f: Int) -> [Double] {
        let n = vectors.count
        let neighbours = max(0, n - f - 2)
        var distances = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let d = squaredDistance(vectors[i], vectors[j])
                distances[i][j] = d
                distances[j][i] = d
            }
        }
        return (0..<n).map { i in
            let others = (0..<n).filter { $0 != i }.map { distances[i][$0] }.sorted()
            return others.prefix(neighbours).reduce(0, +)
        }
    }

    /// Indices of the `m` vectors with the lowest Krum scores (ties by index). m = 1 is Krum; m > 1 is
    /// Multi-Krum, whose selected vectors are then averaged.
    package static func krumSelect(_ vectors: [[Float]], byzantine f: Int, keep m: Int) -> [Int] {
        let scores = krumScores(vectors, byzantine: f)
        return scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 < $1 }.prefix(m).map {
            $0
        }
    }

    /// `delta` scaled down to norm `bound` if it is longer (DP clipping); unchanged otherwise.
    package static func clipped(_ delta: [Float], toNorm bound: Double) -> [Float] {
        let n = norm(delta)
        guard n > bound, n > 0 else { return delta }
        let s = Float(bound / n)
        return delta.map { $0 * s }
    }
}
