import Foundation

/// Unequal client dataset sizes, applied on top of a label partition: client `c` keeps a fraction
/// `w(rank(c)) / w(0)` of its samples (at least one), where ranks are a seeded permutation of the
/// clients. Samples are dropped, never duplicated, so each sample stays with at most one client.
package enum QuantitySkew: Sendable, Equatable {
    /// w(r) = (r + 1)^(−exponent): a few large clients and a long tail of small ones.
    case powerLaw(exponent: Double = 1)
    /// w(r) = exp(−rate · r / (clients − 1)): the smallest client is e^(−rate) of the largest.
    case exponential(rate: Double = 3)

    /// By topology name (`power_law`, `exponential`), with an optional parameter (exponent or rate).
    package init(name: String, parameter: Double? = nil) throws(LearningError) {
        switch name {
        case "power_law": self = .powerLaw(exponent: parameter ?? 1)
        case "exponential": self = .exponential(rate: parameter ?? 3)
        default:
            throw LearningError(.invalidSetting, "quantity skew '\(name)' is unknown; use power_law or exponential")
        }
    }

    /// Relative size weights of `clients` clients by rank (largest first, w(0) = 1).
    package func weights(clients: Int) throws(LearningError) -> [Double] {
        switch self {
        case .powerLaw(let a):
            guard a > 0, a.isFinite else {
                throw LearningError(.invalidSetting, "power-law exponent \(a) must be positive (e.g. 1)")
            }
            return (0..<clients).map { pow(Double($0 + 1), -a) }
        case .exponential(let rate):
            guard rate > 0, rate.isFinite else {
                throw LearningError(.invalidSetting, "exponential rate \(rate) must be positive (e.g. 3)")
            }
            return (0..<clients).map { exp(-rate * Double($0) / Double(max(clients - 1, 1))) }
        }
    }

    /// Subsamples each part of `parts` to its skewed size (a seeded random subset, order kept).
    package func apply(to parts: [[Int]], seed: UInt64) throws(LearningError) -> [[Int]] {
        let w = try weights(clients: parts.count)
        var rng = Xoshiro(seed: seed ^ 0x5157_4E55_4D5F_534B)
        var ranks = Array(parts.indices)
        ranks.shuffle(using: &rng)
        var result = parts
        for (rank, client) in ranks.enumerated() {
            let part = parts[client]
            guard !part.isEmpty else { continue }
            let keep = max(1, Int((Double(part.count) * w[rank]).rounded()))
            var chosen = Array(part.indices)
            chosen.shuffle(using: &rng)
            result[client] = chosen.prefix(keep).sorted().map { part[$0] }
        }
        return result
    }
}
