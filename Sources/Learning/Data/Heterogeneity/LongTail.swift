import Foundation

/// Global class imbalance (a long-tailed training set): classes, in a seeded random order, keep
/// `n_max · ratio^(−k/(C−1))` samples for the k-th class, so the most common class has `ratio` times
/// the samples of the rarest. The kept samples are then split IID; dropped samples go to no client.
package struct LongTail: Sendable, Equatable {
    /// Largest class count over smallest class count (≥ 1).
    package var imbalanceRatio: Double

    package init(imbalanceRatio: Double) throws(LearningError) {
        guard imbalanceRatio >= 1, imbalanceRatio.isFinite else {
            throw LearningError(
                .invalidSetting, "imbalance_ratio \(imbalanceRatio) must be at least 1 (e.g. 10 or 100)")
        }
        self.imbalanceRatio = imbalanceRatio
    }

    /// Indices of the samples kept, in increasing order.
    package func keep(labels: [Int32], classes: Int, seed: UInt64) -> [Int] {
        var rng = Xoshiro(seed: seed ^ 0x4C4F_4E47_5441_494C)
        var byClass = [[Int]](repeating: [], count: classes)
        for (i, l) in labels.enumerated() { byClass[Int(l)].append(i) }
        let present = byClass.indices.filter { !byClass[$0].isEmpty }
        var order = present
        order.shuffle(using: &rng)
        let largest = present.map { byClass[$0].count }.max() ?? 0
        var kept: [Int] = []
        for (k, c) in order.enumerated() {
            let exponent = order.count > 1 ? Double(k) / Double(order.count - 1) : 0
            let target = max(1, Int((Double(largest) * pow(imbalanceRatio, -exponent)).rounded()))
            var members = byClass[c]
            members.shuffle(using: &rng)
            kept.append(contentsOf: members.prefix(target))
        }
        return kept.sorted()
    }
}
