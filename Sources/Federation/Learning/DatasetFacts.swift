import Learning

/// What a dataset of ``LearningTrainerFactory`` is, known without loading or generating it: its
/// sample shape, its classes and its natural users. Topology validation reads these to refuse, before
/// any node starts, a model that cannot be built for the samples, a `by_user` partition of data
/// without users, or an image corruption of sequences. `DatasetFactsTests` checks them against the
/// datasets themselves.
package struct DatasetFacts: Sendable, Equatable {
    /// One sample's shape: [1, H, W] for images, [T, F] for sequences, [F] for feature vectors.
    package let sampleShape: [Int]
    package let classes: Int
    /// Distinct users of the training split (the `by_user` partition deals them to clients); nil:
    /// the dataset has no users.
    package let users: Int?
    /// Samples in the training split, which the partitions divide among the clients.
    package let trainSamples: Int

    /// Whether the samples are images [C, H, W], which the image corruptions and `domains` need.
    package var isImage: Bool { sampleShape.count == 3 }

    /// Users of synthetic-leaf and synthetic-sensors, as ``LearningTrainerFactory`` generates them
    /// (with its fixed seed, which also fixes their training sample counts below).
    static let syntheticLEAFUsers = 30
    static let syntheticSensorsUsers = 20

    /// The facts of `name`; nil for a dataset this build does not have.
    package static func of(_ name: String) -> DatasetFacts? {
        switch name {
        case "fashion-mnist": DatasetFacts(sampleShape: [1, 28, 28], classes: 10, users: nil, trainSamples: 60_000)
        // SyntheticLEAF.generate's defaults: 60 features, 10 classes.
        case "synthetic-leaf":
            DatasetFacts(sampleShape: [60], classes: 10, users: syntheticLEAFUsers, trainSamples: 3_421)
        // SyntheticSensors.generate's defaults: 32 steps of 3 channels, one class per activity.
        case "synthetic-sensors":
            DatasetFacts(
                sampleShape: [32, 3], classes: SyntheticSensors.activities.count, users: syntheticSensorsUsers,
                trainSamples: 960)
        default: nil
        }
    }
}
