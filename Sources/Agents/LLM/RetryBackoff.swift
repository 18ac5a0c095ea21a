/// How long to wait before each retry of a chat request: exponential from `initialSeconds`,
/// doubling per retry, capped at `maximumSeconds`, with up to `jitter` of it (a fraction) taken off
/// at random so that clients retrying together spread out. Every delay lies in
/// `[(1 - jitter) · d, d]` where `d = min(maximumSeconds, initialSeconds · 2^(retry-1))`.
package struct RetryBackoff: Sendable, Equatable {
    package var initialSeconds: Double
    package var maximumSeconds: Double
    /// The fraction of each delay that is random, in [0, 1].
    package var jitter: Double

    /// Values outside their ranges are clamped (negative delays to 0, jitter to [0, 1], the
    /// maximum to at least the initial delay).
    package init(initialSeconds: Double = 0.5, maximumSeconds: Double = 8, jitter: Double = 0.5) {
        self.initialSeconds = max(0, initialSeconds.isFinite ? initialSeconds : 0)
        self.maximumSeconds = max(self.initialSeconds, maximumSeconds.isFinite ? maximumSeconds : self.initialSeconds)
        self.jitter = min(1, max(0, jitter.isFinite ? jitter : 0))
    }

    /// No waiting at all.
    package static let none = RetryBackoff(initialSeconds: 0, maximumSeconds: 0, jitter: 0)

    /// The delay before retry number `retry` (1 for the first retry), given a uniform random `unit`
    /// in [0, 1) (clamped into it).
    package func delay(beforeRetry retry: Int, unit: Double) -> Double {
        let exponent = Double(min(max(retry, 1), 62) - 1)
        let ceiling = min(maximumSeconds, initialSeconds * pow2(exponent))
        let u = min(1, max(0, unit.isFinite ? unit : 0))
        return ceiling * (1 - jitter * u)
    }

    private func pow2(_ e: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(e) { result *= 2; if result > 1e12 { break } }
        return result
    }
}

/// How the client waits between retries and where its jitter comes from; tests inject one that
/// records the delays instead of sleeping.
package struct RetryPause: Sendable {
    package let sleep: @Sendable (Double) async -> Void
    package let unit: @Sendable () -> Double

    package init(sleep: @escaping @Sendable (Double) async -> Void, unit: @escaping @Sendable () -> Double) {
        self.sleep = sleep
        self.unit = unit
    }

    /// Real sleeping (cancellable) with system randomness.
    package static let sleeping = RetryPause(
        sleep: { seconds in try? await Task.sleep(for: .seconds(seconds)) },
        unit: { Double.random(in: 0..<1) })
}
