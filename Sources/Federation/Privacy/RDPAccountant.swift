import Foundation

/// Rényi-DP accounting for the sampled Gaussian mechanism (Mironov, Talwar and Zhang, "Rényi
/// Differential Privacy of the Sampled Gaussian Mechanism", 2019), converted to (ε, δ) with the bound
/// of Balle et al. 2020 ("Hypothesis testing interpretations and Rényi differential privacy"), the
/// same analysis as Opacus' and TensorFlow Privacy's RDP accountants.
///
/// Each step is one use of the mechanism: a Poisson sample of rate `q` of the population, a sum of
/// their contributions clipped to norm C, and Gaussian noise of standard deviation σ·C. RDP of the
/// steps adds up order by order; ε is the best conversion over the orders. In DP-FedAvg a step is a
/// round and the population is the clients (user-level privacy).
package struct RDPAccountant: Sendable, Codable, Equatable {
    /// The Rényi orders α tracked: 1.1 to 10.9 by 0.1, then 12 to 63 (Opacus' default orders).
    package static let orders: [Double] = (1..<100).map { 1 + Double($0) / 10 } + (12...63).map(Double.init)

    /// RDP spent so far at each of ``orders``.
    package private(set) var rdp: [Double] = Array(repeating: 0, count: RDPAccountant.orders.count)
    /// Steps taken so far.
    package private(set) var steps = 0

    package init() {}

    /// Adds `count` steps of the mechanism with `noiseMultiplier` σ and sampling rate `q`.
    package mutating func step(noiseMultiplier sigma: Double, sampleRate q: Double, count: Int = 1) {
        guard count > 0 else { return }
        for (i, alpha) in Self.orders.enumerated() {
            rdp[i] += Double(count) * Self.rdp(q: q, sigma: sigma, alpha: alpha)
        }
        steps += count
    }

    /// The ε spent so far for `delta`, and the order that gave it (0 before any step).
    package func epsilon(delta: Double) -> (epsilon: Double, order: Double) {
        guard steps > 0 else { return (0, 0) }
        return Self.epsilon(rdp: rdp, delta: delta)
    }

    /// The smallest ε over the orders for `rdp`: ε(α) = rdp(α) − (log δ + log α)/(α − 1) + log((α − 1)/α).
    static func epsilon(rdp: [Double], delta: Double) -> (epsilon: Double, order: Double) {
        var best = (epsilon: Double.infinity, order: 0.0)
        for (i, alpha) in orders.enumerated() {
            let e = rdp[i] - (log(delta) + log(alpha)) / (alpha - 1) + log((alpha - 1) / alpha)
            if e.isFinite, e < best.epsilon { best = (max(0, e), alpha) }
        }
        return best
    }

    /// The ε that `steps` steps with σ and q spend, for `delta`.
    package static func epsilon(noiseMultiplier sigma: Double, sampleRate q: Double, steps: Int, delta: Double)
        -> Double
    {
        var accountant = RDPAccountant()
        accountant.step(noiseMultiplier: sigma, sampleRate: q, count: steps)
        return accountant.epsilon(delta: delta).epsilon
    }

    /// The smallest noise multiplier σ (to within `tolerance` in ε) whose `steps` steps at rate `q`
    /// spend at most `targetEpsilon` for `delta`; nil when no σ up to 10⁴ does.
    package static func noiseMultiplier(
        targetEpsilon: Double, delta: Double, sampleRate q: Double, steps: Int,
        tolerance: Double = 0.01
    ) -> Double? {
        guard targetEpsilon > 0, delta > 0, delta < 1, steps > 0, q > 0, q <= 1 else { return nil }
        var high = 1.0
        while epsilon(noiseMultiplier: high, sampleRate: q, steps: steps, delta: delta) > targetEpsilon {
            high *= 2
            if high > 1e4 { return nil }
        }
        var low = 0.0
        // Bisect until the σ found spends within `tolerance` of the target (never above it).
        while true {
            let spent = epsilon(noiseMultiplier: high, sampleRate: q, steps: steps, delta: delta)
            if targetEpsilon - spent <= tolerance || high - low < 1e-9 { return high }
            let middle = (low + high) / 2
            if epsilon(noiseMultiplier: middle, sampleRate: q, steps: steps, delta: delta) > targetEpsilon {
                low = middle
            } else {
                high = middle
            }
        }
    }

    /// RDP of one step at order `alpha`.
    static func rdp(q: Double, sigma: Double, alpha: Double) -> Double {
        if q <= 0 { return 0 }
        if sigma <= 0 { return .infinity }
        if q >= 1 { return alpha / (2 * sigma * sigma) }
        let logA =
            alpha == alpha.rounded()
            ? logAIntegral(q: q, sigma: sigma, alpha: Int(alpha)) : logAFractional(q: q, sigma: sigma, alpha: alpha)
        return logA / (alpha - 1)
    }

    /// log A_α for an integer α: the binomial expansion of the mixture's α-th moment.
    static func logAIntegral(q: Double, sigma: Double, alpha: Int) -> Double {
        var total = -Double.infinity
        for k in 0...alpha {
            let term =
                logBinomial(Double(alpha), Double(k)) + Double(k) * log(q) + Double(alpha - k) * log(1 - q)
                + Double(k * k - k) / (2 * sigma * sigma)
            total = logAdd(total, term)
        }
        return total
    }

    /// log A_α for a fractional α: the two tails of the series split at z₀, summed until negligible.
    static func logAFractional(q: Double, sigma: Double, alpha: Double) -> Double {
        var (a0, a1) = (-Double.infinity, -Double.infinity)
        let z0 = sigma * sigma * log(1 / q - 1) + 0.5
        var i = 0.0
        while i < 10_000 {
            let (logCoefficient, positive) = logGeneralizedBinomial(alpha, i)
            let j = alpha - i
            let t0 = logCoefficient + i * log(q) + j * log(1 - q)
            let t1 = logCoefficient + j * log(q) + i * log(1 - q)
            let e0 = log(0.5) + logErfc((i - z0) / (2.0.squareRoot() * sigma))
            let e1 = log(0.5) + logErfc((z0 - j) / (2.0.squareRoot() * sigma))
            let s0 = t0 + (i * i - i) / (2 * sigma * sigma) + e0
            let s1 = t1 + (j * j - j) / (2 * sigma * sigma) + e1
            if positive {
                a0 = logAdd(a0, s0)
                a1 = logAdd(a1, s1)
            } else {
                a0 = logSubtract(a0, s0)
                a1 = logSubtract(a1, s1)
            }
            i += 1
            if max(s0, s1) < -30 { break }
        }
        return logAdd(a0, a1)
    }

    /// log C(n, k) for real n ≥ k ≥ 0 integers-as-reals (via lgamma).
    static func logBinomial(_ n: Double, _ k: Double) -> Double {
        lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    }

    /// log |C(α, i)| and its sign, for real α and integer i ≥ 0: ∏_{m<i} (α − m)/(m + 1).
    static func logGeneralizedBinomial(_ alpha: Double, _ i: Double) -> (Double, Bool) {
        var logValue = 0.0, positive = true
        var m = 0.0
        while m < i {
            let factor = (alpha - m) / (m + 1)
            if factor < 0 { positive.toggle() }
            logValue += log(abs(factor))
            m += 1
        }
        return (logValue, positive)
    }

    static func logAdd(_ a: Double, _ b: Double) -> Double {
        let (high, low) = a > b ? (a, b) : (b, a)
        if low == -.infinity { return high }
        return high + log1p(exp(low - high))
    }

    /// log(eᵃ − eᵇ); −∞ when b ≥ a (the terms cancel).
    static func logSubtract(_ a: Double, _ b: Double) -> Double {
        if b == -.infinity { return a }
        guard a > b else { return -.infinity }
        return a + log(-expm1(b - a))
    }

    /// log erfc(x), also where erfc underflows (its asymptotic series for large x).
    static func logErfc(_ x: Double) -> Double {
        if x < 25 { return log(erfc(x)) }
        let r = 1 / (x * x)
        return -x * x - log(x) - 0.5 * log(Double.pi) + log(1 - r / 2 + 3 * r * r / 4 - 15 * r * r * r / 8)
    }
}
