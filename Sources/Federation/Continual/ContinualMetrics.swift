import Foundation

/// The measures of a continual run, from its accuracy matrix: row t holds the global model's
/// accuracy on the test samples of tasks 0…t, measured after task t's last round
/// (``RoundRecord/taskAccuracy``).
///
/// - Average task accuracy: the mean of the last row, every task seen, weighted equally.
/// - Forgetting (Chaudhry et al., "Riemannian Walk for Incremental Learning", ECCV 2018): for each
///   task j before the last, the best accuracy it ever had after an earlier task's end minus its
///   final accuracy, f_j = max_{j ≤ l < T−1} a_{l,j} − a_{T−1,j}; averaged over those tasks. 0: nothing
///   forgotten; it is negative when later tasks helped an earlier one.
package struct ContinualMetrics: Sendable, Equatable {
    package let matrix: [[Double]]

    package init(matrix: [[Double]]) {
        self.matrix = matrix
    }

    /// The matrix of a run's rounds (the rounds that measured every task so far, in order).
    package init(rounds: [RoundRecord]) {
        matrix = rounds.compactMap(\.taskAccuracy)
    }

    /// The mean accuracy over the tasks of the last row (nil without any).
    package var averageAccuracy: Double? {
        guard let last = matrix.last, !last.isEmpty else { return nil }
        return last.reduce(0, +) / Double(last.count)
    }

    /// Mean forgetting over the tasks before the last (nil with fewer than two rows).
    package var forgetting: Double? {
        guard matrix.count >= 2, let final = matrix.last else { return nil }
        let earlier = matrix.dropLast()
        var drops: [Double] = []
        for j in 0..<(final.count - 1) {
            let before = earlier.compactMap { $0.indices.contains(j) ? $0[j] : nil }
            guard let best = before.max() else { continue }
            drops.append(best - final[j])
        }
        return drops.isEmpty ? nil : drops.reduce(0, +) / Double(drops.count)
    }

    /// The report summary's lines (none for a run without measured tasks).
    package var summary: [String: String] {
        var out: [String: String] = [:]
        if let a = averageAccuracy {
            out["average task accuracy"] = String(format: "%.4f over %d tasks", a, matrix.last?.count ?? 0)
        }
        if let f = forgetting { out["forgetting"] = String(format: "%.4f", f) }
        if !matrix.isEmpty {
            out["task accuracy"] = matrix.enumerated().map { t, row in
                "after task \(t + 1): " + row.map { String(format: "%.3f", $0) }.joined(separator: " ")
            }.joined(separator: " | ")
        }
        return out
    }
}
