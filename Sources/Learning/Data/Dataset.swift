/// An in-memory labelled dataset: features as one contiguous row-major `[Float]` (N × featureCount)
/// and integer labels. Clients refer to it through index lists, never copies.
public struct Dataset: Sendable {
    /// A short name, e.g. "fashion-mnist/train".
    public let name: String
    /// Features per sample (784 for 28×28 images).
    public let featureCount: Int
    /// Number of classes; labels are in `0..<classCount`.
    public let classCount: Int
    /// Human-readable class names, `classCount` of them.
    public let labelNames: [String]
    /// N × featureCount features, row-major.
    public let features: [Float]
    /// N labels.
    public let labels: [Int32]

    /// Creates a dataset; `features.count` must equal `labels.count * featureCount`.
    public init(
        name: String, featureCount: Int, classCount: Int, labelNames: [String],
        features: [Float], labels: [Int32]
    ) {
        precondition(features.count == labels.count * featureCount, "Dataset: feature/label counts disagree")
        self.name = name
        self.featureCount = featureCount
        self.classCount = classCount
        self.labelNames = labelNames
        self.features = features
        self.labels = labels
    }

    /// The number of samples.
    public var count: Int { labels.count }

    /// Samples per class.
    public var histogram: [Int] {
        var h = [Int](repeating: 0, count: classCount)
        for l in labels { h[Int(l)] += 1 }
        return h
    }

    /// A one-paragraph description: size, classes, label names, histogram.
    public var card: String {
        "\(name): \(count) samples × \(featureCount) features, \(classCount) classes "
            + zip(labelNames, histogram).map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }

    /// Copies the samples at `indices` into `x` (rows) and `y`, reusing their storage.
    @inlinable
    public func gather<C: Collection>(_ indices: C, into x: inout [Float], labels y: inout [Int32])
    where C.Element == Int {
        let f = featureCount
        let n = indices.count
        if x.count != n * f { x = [Float](repeating: 0, count: n * f) }
        if y.count != n { y = [Int32](repeating: 0, count: n) }
        features.withUnsafeBufferPointer { src in
            x.withUnsafeMutableBufferPointer { dst in
                var row = 0
                for i in indices {
                    guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                    (d + row * f).update(from: s + i * f, count: f)
                    y[row] = labels[i]
                    row += 1
                }
            }
        }
    }
}
