import Learning

/// The server's label mapping for one client: each of its labels to a task class, or dropped.
package struct LabelMapping: Codable, Sendable, Equatable {
    /// The task's classes, in order: a sample's new label is its target's index here.
    package var classes: [String]
    /// The client's label → the task class it stands for.
    package var targets: [String: String]
    /// The client's labels whose samples are dropped, with why ("covers Sandal, Sneaker, Ankle boot").
    package var dropped: [String: String]

    package init(classes: [String], targets: [String: String], dropped: [String: String]) {
        self.classes = classes
        self.targets = targets
        self.dropped = dropped
    }
}

/// What relabelling did, in counts.
package struct RelabelReport: Codable, Sendable, Equatable {
    /// Samples per task class after relabelling.
    package var perClass: [String: Int] = [:]
    /// Samples dropped because the mapping drops their label.
    package var dropped = 0
    /// Samples dropped because the mapping does not mention their label.
    package var unmapped = 0
}

/// Applies a ``LabelMapping`` to cleaned samples, locally: pure, tested alone.
package enum Relabeling {
    /// The samples as a dataset of the task's classes, and the counts.
    package static func apply(_ mapping: LabelMapping, to samples: [MessySample], name: String) throws(LearningError)
        -> (dataset: Dataset?, report: RelabelReport)
    {
        var report = RelabelReport()
        var features: [Float] = []
        var labels: [Int32] = []
        var shape: [Int] = []
        for sample in samples {
            guard let target = mapping.targets[sample.label], let index = mapping.classes.firstIndex(of: target)
            else {
                if mapping.dropped[sample.label] != nil { report.dropped += 1 } else { report.unmapped += 1 }
                continue
            }
            features += sample.features
            labels.append(Int32(index))
            shape = sample.shape
            report.perClass[target, default: 0] += 1
        }
        guard !labels.isEmpty else { return (nil, report) }
        let dataset = try Dataset(
            name: name, features: features, labels: labels, featureCount: features.count / labels.count,
            classCount: mapping.classes.count, labelNames: mapping.classes, sampleShape: shape)
        return (dataset, report)
    }
}
