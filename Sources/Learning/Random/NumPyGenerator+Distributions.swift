import Foundation

/// The continuous draws a Dirichlet split needs, in the order and arithmetic NumPy 2.x's
/// `Generator` uses, so each consumes the same raw words and returns the same value.
extension NumPyGenerator {
    /// Exponential(1) by the ziggurat (`standard_exponential`). Bit-identical to NumPy's.
    package mutating func standardExponential() -> Double {
        while true {
            var bits = nextUInt64() >> 3
            let layer = Int(bits & 0xFF)
            bits >>= 8
            let x = Double(bits) * NumPyZiggurat.exponentialW[layer]
            if bits < NumPyZiggurat.exponentialK[layer] { return x }
            if layer == 0 { return NumPyZiggurat.exponentialR - log1p(-nextDouble()) }
            let f = NumPyZiggurat.exponentialF
            if (f[layer - 1] - f[layer]) * nextDouble() + f[layer] < exp(-x) { return x }
        }
    }

    /// Normal(0, 1) by the ziggurat (`standard_normal`). Bit-identical to NumPy's: the tables are
    /// rebuilt the way NumPy's were computed (double-precision recursion; see
    /// scripts/dev/numpy-ziggurat-tables.py), since the exact-math ones differ from them by up to
    /// ~100 ulp and would flip a rare accept/reject decision, and with it the rest of the stream.
    package mutating func standardNormal() -> Double {
        while true {
            var bits = nextUInt64()
            let layer = Int(bits & 0xFF)
            bits >>= 8
            let negative = bits & 1 == 1
            let magnitude = (bits >> 1) & 0x000F_FFFF_FFFF_FFFF
            var x = Double(magnitude) * NumPyZiggurat.normalW[layer]
            if negative { x = -x }
            if magnitude < NumPyZiggurat.normalK[layer] { return x }
            if layer == 0 {
                while true {
                    let xx = -NumPyZiggurat.normalInverseR * log1p(-nextDouble())
                    let yy = -log1p(-nextDouble())
                    if yy + yy > xx * xx {
                        let tail = NumPyZiggurat.normalR + xx
                        return (magnitude >> 8) & 1 == 1 ? -tail : tail
                    }
                }
            }
            let f = NumPyZiggurat.normalF
            if (f[layer - 1] - f[layer]) * nextDouble() + f[layer] < exp(-0.5 * x * x) { return x }
        }
    }

    /// Gamma(shape, 1) (`standard_gamma`): exponential at shape 1; below 1, Johnk-style rejection
    /// against an exponential; above 1, Marsaglia & Tsang on normal draws. `shape` must be ≥ 0.
    package mutating func standardGamma(_ shape: Double) -> Double {
        if shape == 1 { return standardExponential() }
        if shape == 0 { return 0 }
        if shape < 1 {
            while true {
                let u = nextDouble()
                let v = standardExponential()
                if u <= 1 - shape {
                    let x = pow(u, 1 / shape)
                    if x <= v { return x }
                } else {
                    let y = -log((1 - u) / shape)
                    let x = pow(1 - shape + shape * y, 1 / shape)
                    if x <= v + y { return x }
                }
            }
        }
        let b = shape - 1.0 / 3.0
        let c = 1 / (9 * b).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = standardNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = nextDouble()
            if u < 1 - 0.0331 * (x * x) * (x * x) { return b * v }
            if log(u) < 0.5 * x * x + b * (1 - v + log(v)) { return b * v }
        }
    }

    /// Beta(a, b) (`beta`): Johnk's algorithm when both are ≤ 1, else a ratio of gammas.
    package mutating func beta(_ a: Double, _ b: Double) -> Double {
        guard a > 1 || b > 1 else {
            while true {
                let u = nextDouble()
                let v = nextDouble()
                let x = pow(u, 1 / a)
                let y = pow(v, 1 / b)
                let sum = x + y
                guard sum <= 1, u + v > 0 else { continue }
                if x > 0, y > 0 { return x / sum }
                // One or both underflowed: compare in logarithms.
                var logX = log(u) / a
                var logY = log(v) / b
                let top = max(logX, logY)
                logX -= top
                logY -= top
                return exp(logX - log(exp(logX) + exp(logY)))
            }
        }
        let ga = standardGamma(a)
        let gb = standardGamma(b)
        return ga / (ga + gb)
    }

    /// One draw from Dirichlet(alpha) (`dirichlet`): normalised gammas, or stick-breaking on beta
    /// draws when every alpha is below 0.1, where the gammas would underflow. Alphas must be ≥ 0;
    /// as in NumPy, all zeros give all zeros, and breaking stops once the alphas left sum to 0.
    /// Bit-identical to NumPy's when no gamma of shape > 1 is drawn: every alpha in 0.1...1, or
    /// stick-breaking whose tail sums stay ≤ 1 (the beta draws then avoid the normal; see
    /// ``standardNormal()``).
    package mutating func dirichlet(_ alpha: [Double]) -> [Double] {
        guard let largest = alpha.max() else { return [] }
        if largest < 0.1 {
            var remaining = [Double](repeating: 0, count: alpha.count + 1)
            for j in alpha.indices.reversed() { remaining[j] = remaining[j + 1] + alpha[j] }
            var out = [Double](repeating: 0, count: alpha.count)
            guard remaining[0] > 0 else { return out }
            var left = 1.0
            for j in 0..<(alpha.count - 1) {
                let v = beta(alpha[j], remaining[j + 1])
                out[j] = left * v
                left *= 1 - v
                if remaining[j + 1] == 0 { break }
            }
            out[alpha.count - 1] = left
            return out
        }
        var out = alpha.map { standardGamma($0) }
        var total = 0.0
        for v in out { total += v }
        let inverse = 1 / total
        for j in out.indices { out[j] *= inverse }
        return out
    }
}
