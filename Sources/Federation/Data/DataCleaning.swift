import Foundation
import Learning

/// What the server's data agent tells a selected client to do with its data before training.
package struct CleaningRules: Codable, Sendable, Equatable {
    /// Samples must make this shape (others are dropped).
    package var sampleShape: [Int]
    /// Drop samples with a NaN or infinite value.
    package var dropNonFinite = true
    /// Drop samples with an empty label.
    package var dropBlankLabels = true
    /// Keep only the first of samples that are exactly equal (values and label).
    package var deduplicate = true
    /// Standardize the kept samples' values to mean 0 and standard deviation 1 (with the client's own statistics).
    package var standardize = true

    package init(sampleShape: [Int]) { self.sampleShape = sampleShape }
}

/// What cleaning did, in counts: sent back instead of the data.
package struct CleaningReport: Codable, Sendable, Equatable {
    package var before = 0
    package var droppedWrongShape = 0
    package var droppedNonFinite = 0
    package var droppedBlank = 0
    package var droppedDuplicates = 0
    package var after = 0
    /// The kept values' statistics before and after standardizing.
    package var valuesBefore = ValueSummary()
    package var valuesAfter = ValueSummary()
}

/// Applies ``CleaningRules`` to a client's samples: pure, tested alone.
package enum DataCleaner {
    /// The kept samples, their indices in `samples`, and the counts.
    package static func clean(_ samples: [MessySample], _ rules: CleaningRules)
        -> (kept: [MessySample], indices: [Int], report: CleaningReport)
    {
        var report = CleaningReport()
        report.before = samples.count
        var seen = Set<SampleKey>()
        var indices: [Int] = []
        for (i, sample) in samples.enumerated() {
            if sample.shape != rules.sampleShape || !DataCard.fitsShape(sample) {
                report.droppedWrongShape += 1
            } else if rules.dropNonFinite, sample.features.contains(where: { !$0.isFinite }) {
                report.droppedNonFinite += 1
            } else if rules.dropBlankLabels, sample.label.trimmingCharacters(in: .whitespaces).isEmpty {
                report.droppedBlank += 1
            } else if rules.deduplicate, !seen.insert(SampleKey(sample)).inserted {
                report.droppedDuplicates += 1
            } else {
                indices.append(i)
            }
        }
        var kept = indices.map { samples[$0] }
        report.valuesBefore = ValueSummary(kept)
        if rules.standardize { standardize(&kept, report.valuesBefore) }
        report.valuesAfter = ValueSummary(kept)
        report.after = kept.count
        return (kept, indices, report)
    }

    private static func standardize(_ samples: inout [MessySample], _ summary: ValueSummary) {
        let mean = Float(summary.mean)
        let scale = summary.standardDeviation > 1e-12 ? Float(1 / summary.standardDeviation) : 1
        for i in samples.indices {
            samples[i].features = samples[i].features.map { ($0 - mean) * scale }
        }
    }
}
