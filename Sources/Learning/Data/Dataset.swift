/// A labelled dataset held in one contiguous buffer: `count` samples of `featureCount` floats, row-major.
/// Clients refer to it by index lists; nothing is copied per client.
public struct Dataset: Sendable {
    public let name: String
    public let features: [Float]
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

    public init(
        name: String, features: [Float], labels: [Int32], featureCount: Int, classCount: Int, labelNames: [String],
        sampleShape: [Int], users: [Int32]? = nil,
        pixelEncoding: PixelEncoding = .symmetric
    ) throws(LearningError) {
        let (expected, overflow) = labels.count.multipliedReportingOverflow(by: featureCount)
        guard featureCount > 0, !overflow, features.count == expected else {
            throw LearningError(
                .invalidData,
                "\(name): \(features.count) feature values do not make \(labels.count) samples of \(featureCount)")
        }
        guard labels.allSatisfy({ $0 >= 0 && Int($0) < classCount }) else {
            throw LearningError(.invalidData, "\(name): a label is outside 0..<\(classCount)")
        }
        self.name = name
        self.features = features
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

extension Dataset {
    /// A new dataset holding copies of the samples at `indices`, in that order (a client's own copy).
    public func subset(_ indices: [Int], name: String? = nil) throws(LearningError) -> Dataset {
        guard indices.allSatisfy({ (0..<count).contains($0) }) else {
            throw LearningError(.invalidSetting, "\(self.name): a subset index is outside 0..<\(count)")
        }
        var f = [Float]()
        f.reserveCapacity(indices.count * featureCount)
        for i in indices { f.append(contentsOf: features[(i * featureCount)..<((i + 1) * featureCount)]) }
        return try Dataset(
            name: name ?? self.name, features: f, labels: indices.map { labels[$0] }, featureCount: featureCount,
            classCount: classCount, labelNames: labelNames, sampleShape: sampleShape,
            users: users.map { u in indices.map { u[$0] } },
            pixelEncoding: pixelEncoding)
    }
}
