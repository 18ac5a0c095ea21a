/// A labelled dataset held in one contiguous buffer: `count` samples of `featureCount` values, row-major.
/// Clients refer to it by index lists; nothing is copied per client. A dataset read from 8-bit images
/// (Fashion-MNIST) keeps one byte per value (`FeatureStorage.bytes`), a quarter of the
/// memory of Floats; training gathers the Floats the bytes stand for into its batch buffer.
public struct Dataset: Sendable {
    public let name: String
    /// How the feature values are held: Floats, or bytes and the Float each byte stands for.
    package let storage: FeatureStorage
    public let labels: [Int32]
    public let featureCount: Int
    public let classCount: Int
    public let labelNames: [String]
    /// Shape of one sample, e.g. [1, 28, 28] for images (channels, height, width) or [T, F] for sequences.
    public let sampleShape: [Int]
    /// The user (writer, device owner) of every sample, for datasets with natural users; nil otherwise.
    public let users: [Int32]?
    /// How pixel intensities map to feature values, for image datasets (what image transforms work
    /// through); datasets that are not images ignore it.
    public let pixelEncoding: PixelEncoding

    public var count: Int { labels.count }

    /// All samples' feature values, row-major. For a dataset held as bytes this builds a new array
    /// on every call (four bytes per value): read single samples with `features(ofSample:)` instead.
    public var features: [Float] {
        switch storage {
        case .floats(let values): return values
        case .bytes(let bytes, let table): return bytes.map { table[Int($0)] }
        }
    }

    public init(
        name: String, features: [Float], labels: [Int32], featureCount: Int, classCount: Int, labelNames: [String],
        sampleShape: [Int], users: [Int32]? = nil,
        pixelEncoding: PixelEncoding = .symmetric
    ) throws(LearningError) {
        try self.init(
            name: name, storage: .floats(features), labels: labels, featureCount: featureCount,
            classCount: classCount, labelNames: labelNames, sampleShape: sampleShape, users: users,
            pixelEncoding: pixelEncoding)
    }

    /// A dataset of 8-bit images held as their bytes: a pixel byte b stands for
    /// `encoding.byteTable[b]`, the Float it would hold as a Float dataset (bit for bit).
    package init(
        name: String, pixels: [UInt8], encoding: PixelEncoding, labels: [Int32], featureCount: Int, classCount: Int,
        labelNames: [String], sampleShape: [Int], users: [Int32]? = nil
    ) throws(LearningError) {
        try self.init(
            name: name, storage: .bytes(pixels, table: encoding.byteTable), labels: labels,
            featureCount: featureCount, classCount: classCount, labelNames: labelNames, sampleShape: sampleShape,
            users: users, pixelEncoding: encoding)
    }

    /// Checks that `storage` holds `labels.count` samples of `featureCount` values, the labels lie in
    /// `0..<classCount` and `users` (if any) has one entry per sample.
    package init(
        name: String, storage: FeatureStorage, labels: [Int32], featureCount: Int, classCount: Int,
        labelNames: [String], sampleShape: [Int], users: [Int32]?, pixelEncoding: PixelEncoding
    ) throws(LearningError) {
        let (expected, overflow) = labels.count.multipliedReportingOverflow(by: featureCount)
        guard featureCount > 0, !overflow, storage.valueCount == expected else {
            throw LearningError(
                .invalidData,
                "\(name): \(storage.valueCount) feature values do not make \(labels.count) samples of \(featureCount)")
        }
        guard labels.allSatisfy({ $0 >= 0 && Int($0) < classCount }) else {
            throw LearningError(.invalidData, "\(name): a label is outside 0..<\(classCount)")
        }
        self.name = name
        self.storage = storage
        self.labels = labels
        self.featureCount = featureCount
        self.classCount = classCount
        self.labelNames = labelNames
        guard users == nil || users?.count == labels.count else {
            throw LearningError(.invalidData, "\(name): \(users?.count ?? 0) user ids for \(labels.count) samples")
        }
        self.sampleShape = sampleShape
        self.users = users
        self.pixelEncoding = pixelEncoding
    }

    /// Samples per class.
    public var histogram: [Int] {
        var h = [Int](repeating: 0, count: classCount)
        for l in labels { h[Int(l)] += 1 }
        return h
    }

    /// A short description: size, classes, label names, histogram.
    package var card: String {
        "\(name): \(count) samples of \(sampleShape.map(String.init).joined(separator: "×")), \(classCount) classes "
            + "(\(labelNames.joined(separator: ", "))); per class: \(histogram.map(String.init).joined(separator: " "))"
    }
}

/// A training set and its test set.
public struct DatasetSplit: Sendable {
    public let train: Dataset
    public let test: Dataset

    public init(train: Dataset, test: Dataset) {
        self.train = train
        self.test = test
    }
}

/// Something in Learning went wrong: what, and what to do.
public struct LearningError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case missingData, invalidData, invalidSetting, shapeMismatch
    }
    public let code: Code
    public let message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code.rawValue): \(message)" }
}
