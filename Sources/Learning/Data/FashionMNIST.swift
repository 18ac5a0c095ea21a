import Foundation
import Synchronization

/// Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017) from Debian's `dataset-fashion-mnist`: 60,000 training
/// and 10,000 test 28×28 grey images of 10 clothing classes. Pixels are scaled to [-1, 1]
/// (p/127.5 − 1), the normalization FL baselines commonly use: centred inputs train the 2NN to a
/// better model in the same rounds (measured on the Flower comparison workload: 0.848 vs 0.837).
public enum FashionMNIST {
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    public static let labelNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    private static let cache = Mutex<[String: DatasetSplit]>([:])

    /// Loads (once per process and directory) the training and test sets.
    public static func load(directory: String = defaultDirectory) throws(LearningError) -> DatasetSplit {
        if let cached = cache.withLock({ $0[directory] }) { return cached }
        // The two splits decompress on two threads: the test files then cost no wall time.
        let files = [("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "fashion-mnist/train"),
                     ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "fashion-mnist/test")]
        let results = Mutex<[Int: Result<Dataset, LearningError>]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let result = Result { () throws(LearningError) -> Dataset in try read(directory, images: files[i].0, labels: files[i].1, name: files[i].2) }
            results.withLock { $0[i] = result }
        }
        let loaded = results.withLock { $0 }
        guard let train = loaded[0], let test = loaded[1] else { throw LearningError(.invalidData, "loading Fashion-MNIST from \(directory) did not finish") }
        let split = DatasetSplit(train: try train.get(), test: try test.get())
        cache.withLock { $0[directory] = split }
        return split
    }

    static func read(_ directory: String, images: String, labels: String, name: String) throws(LearningError) -> Dataset {
        let imageIDX = try IDX.read(path: "\(directory)/\(images)")
        let labelIDX = try IDX.read(path: "\(directory)/\(labels)")
        guard imageIDX.dimensions.count == 3, labelIDX.dimensions.count == 1, imageIDX.dimensions[0] == labelIDX.dimensions[0] else {
            throw LearningError(.invalidData, "\(images) and \(labels) do not describe the same number of 2-D images")
        }
        let (count, rows, columns) = (imageIDX.dimensions[0], imageIDX.dimensions[1], imageIDX.dimensions[2])
        let (pixels, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard count > 0, rows > 0, columns > 0, !overflow else {
            throw LearningError(.invalidData, "\(images) announces \(count) images of \(rows)×\(columns) pixels: expected at least one image of at least 1×1 (reinstall the dataset with scripts/setup)")
        }
        let scale: Float = 2 / 255
        let features = imageIDX.bytes.map { Float($0) * scale - 1 }
        return try Dataset(
            name: name, features: features, labels: labelIDX.bytes.map { Int32($0) }, featureCount: pixels, classCount: 10,
            labelNames: labelNames, sampleShape: [1, rows, columns])
    }
}

/// The IDX format (LeCun's MNIST files), optionally gzip-compressed; unsigned-byte data only.
public enum IDX {
    public struct File: Sendable {
        public let dimensions: [Int]
        public let bytes: [UInt8]
    }

    /// Reads an IDX file (`.gz` or not). A missing file says how to install the dataset.
    public static func read(path: String) throws(LearningError) -> File {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LearningError(.missingData, "\(path) is missing: run scripts/setup (it installs Debian's dataset-fashion-mnist)")
        }
        var bytes = [UInt8](data)
        if path.hasSuffix(".gz") {
            do {
                bytes = try Inflate.gunzip(bytes)
            } catch {
                throw LearningError(.invalidData, "\(path): \(error.message)")
            }
        }
        return try parse(bytes, name: path)
    }

    static func parse(_ bytes: [UInt8], name: String) throws(LearningError) -> File {
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else { throw LearningError(.invalidData, "\(name) is not an IDX file") }
        guard bytes[2] == 0x08 else { throw LearningError(.invalidData, "\(name) holds IDX type 0x\(String(bytes[2], radix: 16)); only unsigned bytes (0x08) are read") }
        let rank = Int(bytes[3])
        guard rank >= 1, bytes.count >= 4 + 4 * rank else { throw LearningError(.invalidData, "\(name): truncated IDX header") }
        var dims: [Int] = []
        var total = 1
        for i in 0..<rank {
            let o = 4 + 4 * i
            let d = Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
            dims.append(d)
            total = total.multipliedReportingOverflow(by: d).overflow ? Int.max : total * d
        }
        let header = 4 + 4 * rank
        guard bytes.count - header == total else {
            throw LearningError(.invalidData, "\(name): the header announces \(total) values but \(bytes.count - header) follow")
        }
        return File(dimensions: dims, bytes: Array(bytes[header...]))
    }
}
