/// One sample as a messy client stores it: its values, the shape they claim, and a free-text label.
package struct MessySample: Sendable, Equatable {
    package var features: [Float]
    package var shape: [Int]
    package var label: String

    package init(features: [Float], shape: [Int], label: String) {
        self.features = features
        self.shape = shape
        self.label = label
    }
}

/// How a sample was spoiled.
package enum CorruptionKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// A value is NaN.
    case nan
    /// The values do not make the task's sample shape.
    case wrongShape = "wrong_shape"
    /// The label is empty.
    case blank
    /// An exact copy of an earlier sample.
    case duplicate
}

/// A messy client's data and what is true about it (for tests and the benchmark only: the data agents
/// never read the truth).
package struct MessyClientData: Sendable {
    package var samples: [MessySample]
    package var truth: MessyTruth
}

/// The ground truth of one messy client.
package struct MessyTruth: Sendable, Equatable {
    package var kind: MessyClientKind
    package var style: LabelStyle
    /// Whether the pixels are on the raw 0–255 scale.
    package var rawScale: Bool
    /// Index of every corrupt sample, with how it was spoiled (a duplicate is the later copy).
    package var corrupt: [Int: CorruptionKind]
    /// The task class each label of the client stands for; nil when it stands for none (merged, irrelevant).
    package var labelMapping: [String: String?]
}
