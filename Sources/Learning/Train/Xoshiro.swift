import Foundation

/// xoshiro256** (Blackman & Vigna): a fast seedable generator for shuffles and initialisation.
public struct Xoshiro: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// A standard normal draw (Box–Muller).
    public mutating func normal() -> Float {
        let u1 = max(unit(), Float.leastNormalMagnitude)
        let u2 = unit()
        return (-2 * logf(u1)).squareRoot() * cosf(2 * .pi * u2)
    }

    /// A Gamma(shape, 1) draw (Marsaglia & Tsang, 2000; boosted for shape < 1).
    package mutating func gamma(_ shape: Double) -> Double {
        if shape < 1 {
            let u = max(Double(unit()), 1e-300)
            return gamma(shape + 1) * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = Double(normal())
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = Double(unit())
            if u < 1 - 0.0331 * x * x * x * x || log(max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + log(v)) {
                return d * v
            }
        }
    }
}
