import Federation
import Foundation

/// What one system scored on a task.
package struct BenchRun: Codable, Sendable, Equatable {
    /// "chosen" or the baseline's name.
    package var system: String
    package var strategy: String
    /// The task's headline metric (nil: the run failed or never measured it).
    package var metric: Double?
    package var globalTop1: Double?
    package var rounds: Int
    package var wallSeconds: Double
    /// Model traffic, both ways, as the server's ledger metered it.
    package var bytes: Int
    /// Samples the metric was measured on (the global test set, or all clients' held-out data).
    package var evaluatedSamples: Int
    package var error: String?
}

/// The chosen system against one baseline.
package enum BenchVerdict: String, Codable, Sendable {
    case win, tie, loss
    /// One side has no metric.
    case unknown
}

/// The rule that calls a difference noise: two accuracies p₁, p₂ measured on n samples each differ
/// by more than noise when |p₁ − p₂| > max(0.01, 1.96 · √(2 p̄ (1 − p̄) / n)), p̄ their mean — the 95%
/// band of the difference of two independent binomial estimates. Same seed, same data and same test
/// set make the runs paired, so the band is wide rather than narrow; a difference inside it is a tie.
package enum BenchNoise {
    package static let floor = 0.01

    /// The half-width of the tie band for accuracies around `a` and `b` measured on `n` samples.
    package static func band(_ a: Double, _ b: Double, samples n: Int) -> Double {
        let p = min(max((a + b) / 2, 0), 1)
        return max(floor, 1.96 * (2 * p * (1 - p) / Double(max(1, n))).squareRoot())
    }

    /// The chosen system's verdict against a baseline on `metric`: Δ is chosen − baseline; a win is a
    /// Δ past the band in the metric's better direction (``HeadlineMetric/higherIsBetter``).
    package static func verdict(chosen: BenchRun, baseline: BenchRun, metric: HeadlineMetric) -> (
        BenchVerdict, delta: Double?, band: Double?
    ) {
        guard let a = chosen.metric, let b = baseline.metric, a.isFinite, b.isFinite else {
            return (.unknown, nil, nil)
        }
        let band = band(a, b, samples: min(chosen.evaluatedSamples, baseline.evaluatedSamples))
        let delta = a - b
        let gain = metric.higherIsBetter ? delta : -delta
        return (gain > band ? .win : gain < -band ? .loss : .tie, delta, band)
    }
}

/// One task's outcome: the agents' choice, each system's run, and the verdicts.
package struct BenchTaskResult: Codable, Sendable, Equatable {
    package var id: String
    package var area: String?
    package var metric: String
    /// The workflow's status ("ready", or why it stopped) and the chosen strategy (with add-ons).
    package var status: String
    package var chosen: String?
    package var runs: [BenchRun]
    /// Verdict of the chosen system against each baseline, by baseline name, with Δ and the tie band.
    package var verdicts: [String: BenchVerdict]
    package var deltas: [String: Double]
    package var bands: [String: Double]
    /// Seconds the agents took (plan, build, trial), and what sizing to the budget changed.
    package var agentSeconds: Double
    package var sizing: [String]
    /// Setting keys and baseline variants this build does not reproduce.
    package var notReproduced: [String]
}
