import Foundation
import Synchronization

/// An error loading an IDX dataset.
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public let description: String
}

/// Fashion-MNIST read from gzip'd IDX files, decoded once per process and shared.
public enum FashionMNIST {
    /// Where `scripts/setup` installs the four files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// The ten class names in label order.
    public static let labelNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot",
    ]

    private static let cache = Mutex<[String: Dataset]>([:])

    /// The 60,000-image training set (pixels scaled to [0, 1]); decoded once per process.
    public static func train(directory: String = defaultDirectory) throws(DatasetError) -> Dataset {
        try load(directory: directory, prefix: "train")
    }

    /// The 10,000-image test set (pixels scaled to [0, 1]); decoded once per process.
    public static func test(directory: String = defaultDirectory) throws(DatasetError) -> Dataset {
        try load(directory: directory, prefix: "t10k")
    }

    private static func load(directory: String, prefix: String) throws(DatasetError) -> Dataset {
        let key = directory + "/" + prefix
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let images = try IDX.read(path: "\(directory)/\(prefix)-images-idx3-ubyte.gz")
        let labels = try IDX.read(path: "\(directory)/\(prefix)-labels-idx1-ubyte.gz")
        guard images.dimensions.count == 3, labels.dimensions.count == 1,
            images.dimensions[0] == labels.dimensions[0]
        else {
            throw DatasetError(description: "\(key): image/label files disagree (\(images.dimensions) vs \(labels.dimensions)); re-run scripts/setup")
        }
        let features = images.bytes.map { Float($0) * (1 / 255) }
        var ys = [Int32](repeating: 0, count: labels.bytes.count)
        for (i, b) in labels.bytes.enumerated() {
            guard b < 10 else { throw DatasetError(description: "\(key): label \(b) out of range; re-run scripts/setup") }
            ys[i] = Int32(b)
        }
        let ds = Dataset(
            name: "fashion-mnist/\(prefix == "t10k" ? "test" : prefix)",
            featureCount: images.dimensions[1] * images.dimensions[2], classCount: 10,
            labelNames: labelNames, features: features, labels: ys)
        return cache.withLock { c in
            if let existing = c[key] { return existing }
            c[key] = ds
            return ds
        }
    }
}

/// The IDX file format (unsigned-byte payloads), optionally gzip-compressed.
public enum IDX {
    /// A decoded IDX file: its dimensions and raw bytes.
    public struct File: Sendable {
        /// The dimensions, outermost first.
        public let dimensions: [Int]
        /// The payload, row-major.
        public let bytes: [UInt8]
    }

    /// Reads an IDX file (gunzipping it if the path ends in `.gz`).
    public static func read(path: String) throws(DatasetError) -> File {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(description: "\(path) is missing or unreadable. Run scripts/setup to install Fashion-MNIST.")
        }
        var raw = [UInt8](data)
        if path.hasSuffix(".gz") {
            do { raw = try Gzip.decompress(raw) } catch {
                throw DatasetError(description: "\(path): \(error)")
            }
        }
        return try parse(raw, path: path)
    }

    /// Parses an uncompressed IDX buffer with unsigned-byte (0x08) elements.
    public static func parse(_ raw: [UInt8], path: String) throws(DatasetError) -> File {
        guard raw.count >= 4, raw[0] == 0, raw[1] == 0, raw[2] == 0x08 else {
            throw DatasetError(description: "\(path): not an unsigned-byte IDX file; re-run scripts/setup")
        }
        let rank = Int(raw[3])
        guard rank >= 1, raw.count >= 4 + 4 * rank else {
            throw DatasetError(description: "\(path): truncated IDX header; re-run scripts/setup")
        }
        var dims: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            dims.append(Int(raw[o]) << 24 | Int(raw[o + 1]) << 16 | Int(raw[o + 2]) << 8 | Int(raw[o + 3]))
        }
        let header = 4 + 4 * rank
        guard raw.count == header + dims.reduce(1, *) else {
            throw DatasetError(description: "\(path): payload is \(raw.count - header) bytes, header says \(dims); re-run scripts/setup")
        }
        return File(dimensions: dims, bytes: Array(raw[header...]))
    }
}
