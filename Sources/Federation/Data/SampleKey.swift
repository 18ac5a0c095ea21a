import Learning

/// A sample's identity for finding exact duplicates: its values' bit patterns and its label.
struct SampleKey: Hashable {
    let bits: [UInt32]
    let label: String

    init(_ sample: MessySample) {
        bits = sample.features.map(\.bitPattern)
        label = sample.label
    }
}
