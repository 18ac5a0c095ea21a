import Foundation

/// A seeded distribution of one positive quantity, used to draw per-client profiles
/// (e.g. compute speeds log-normal around a median, as FedScale's device traces are).
package enum Distribution: Codable, Sendable, Equatable {
    case constant(Double)
    case uniform(low: Double, high: Double)
    /// Log-normal with the given median and σ of the underlying normal.
    case logNormal(median: Double, sigma: Double)
    /// One of `values`, with probabilities proportional to `weights`.
    case choice(values: [Double], weights: [Double])

    /// Checks the parameters; the message says which one is wrong.
    package func validated() throws(FederationError) -> Distribution {
        switch self {
        case .constant(let v) where !v.isFinite:
            throw FederationError(.invalidSetting, "constant distribution value \(v) is not finite")
        case .uniform(let lo, let hi) where !(lo <= hi && lo.isFinite && hi.isFinite):
            throw FederationError(.invalidSetting, "uniform distribution needs finite low <= high, got \(lo)...\(hi)")
        case .logNormal(let m, let s) where !(m > 0 && s >= 0 && m.isFinite && s.isFinite):
            throw FederationError(
                .invalidSetting, "logNormal needs median > 0 and sigma >= 0, got median \(m), sigma \(s)")
        case .choice(let values, let weights)
        where values.isEmpty || values.count != weights.count || weights.contains { $0 < 0 }
            || weights.reduce(0, +) <= 0:
            throw FederationError(
                .invalidSetting,
                """
                choice needs as many non-negative weights as values (and a positive total), got \(values.count) \
                values and weights \(weights)
                """
            )
        default:
            return self
        }
    }

    /// Draws one value.
    package func sample(using rng: inout some RandomNumberGenerator) -> Double {
        switch self {
        case .constant(let v):
            return v
        case .uniform(let lo, let hi):
            return lo == hi ? lo : Double.random(in: lo...hi, using: &rng)
        case .logNormal(let median, let sigma):
            return median * exp(sigma * Self.standardNormal(using: &rng))
        case .choice(let values, let weights):
            var target = Double.random(in: 0..<weights.reduce(0, +), using: &rng)
            for (value, weight) in zip(values, weights) {
                if target < weight { return value }
                target -= weight
            }
            return values[values.count - 1]
        }
    }

    /// A standard normal draw (Box–Muller).
    static func standardNormal(using rng: inout some RandomNumberGenerator) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let u2 = Double.random(in: 0..<1, using: &rng)
        return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }
}
