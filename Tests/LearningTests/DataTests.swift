import Foundation
import Testing
@testable import Learning

@Suite struct GzipTests {
    /// Compresses `bytes` with the system's gzip at `level`.
    func systemGzip(_ bytes: [UInt8], level: Int) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID())")
        try Data(bytes).write(to: url)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-\(level)", "-c", url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try? FileManager.default.removeItem(at: url)
        return [UInt8](out)
    }

    /// The message of the ``GzipError`` `body` throws (nil: it did not throw; any other error says so).
    func failure(_ body: () throws -> [UInt8]) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as GzipError {
            return error.message
        } catch {
            return "not a GzipError: \(error)"
        }
    }

    @Test(arguments: [1, 6, 9])
    func decodesWhatGzipWrites(level: Int) throws {
        var rng = Xoshiro(seed: UInt64(level))
        // Text-like (long matches), random (stored/literal-heavy) and empty inputs.
        let text = Array(String(repeating: "federated actors train models together; ", count: 2000).utf8)
        let random = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        // Image-like: long zero runs (distance-1 matches) between short varied stretches; more than
        // one output chunk (1 MiB), so the reader's chunk loop runs.
        let runs = (0..<1_500_000).map { i in
            i % 97 < 60 ? 0 : UInt8(truncatingIfNeeded: i % 13 + Int(rng.next() % 3))
        }
        for input in [text, random, runs, [], [42]] {
            #expect(try Gzip.decompress(systemGzip(input, level: level)) == input)
        }
    }

    @Test func readsEveryMemberAndIgnoresTrailingPadding() throws {
        let first = Array("first member, ".utf8), second = Array("second member".utf8)
        let joined = try systemGzip(first, level: 6) + systemGzip(second, level: 6)
        #expect(try Gzip.decompress(joined) == first + second)
        #expect(try Gzip.decompress(joined + [0, 0, 0, 0]) == first + second)
    }

    @Test func crc32MatchesTheStandardCheckValues() {
        // The CRC-32/ISO-HDLC check value, and every short length against a bit-at-a-time reference.
        #expect(CRC32.of(ArraySlice(Array("123456789".utf8))) == 0xCBF4_3926)
        #expect(CRC32.of([]) == 0)
        let text = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(CRC32.of(ArraySlice(text)) == 0x414F_A339)
        #expect(CRC32.of(text[4...]) != CRC32.of(text[5...]))
        func reference(_ bytes: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return c ^ 0xFFFF_FFFF
        }
        for n in 0...40 { #expect(CRC32.of(ArraySlice(text.prefix(n))) == reference(Array(text.prefix(n)))) }
    }

    @Test func corruptAndTruncatedStreamsAreClearErrorsNotCrashes() throws {
        let good = try systemGzip(Array("hello hello hello hello".utf8), level: 9)
        var flipped = good
        flipped[good.count - 6] ^= 0xFF  // the CRC
        #expect(failure { try Gzip.decompress(flipped) }?.contains("corrupt") == true)
        var longer = good
        longer[good.count - 2] ^= 0x01  // the length
        #expect(failure { try Gzip.decompress(longer) }?.contains("corrupt") == true)
        // Every prefix that still starts like gzip ends inside the member: truncated.
        for n in 2..<good.count {
            let message = failure { try Gzip.decompress(Array(good.prefix(n))) }
            #expect(message?.contains("truncated") == true, "\(n) bytes: \(message ?? "accepted")")
        }
        var rng = Xoshiro(seed: 5)
        for _ in 0..<300 {
            var bytes = good
            bytes[10 + Int(rng.next() % UInt64(good.count - 18))] = UInt8(truncatingIfNeeded: rng.next())
            _ = try? Gzip.decompress(bytes)  // must not crash; may or may not fail (the CRC catches most)
        }
        #expect(failure { try Gzip.decompress([1, 2, 3]) }?.contains("not a gzip file") == true)
        #expect(failure { try Gzip.decompress([]) }?.contains("empty") == true)
        #expect(failure { try Gzip.decompress([0x1F]) }?.contains("not a gzip file") == true)
    }

    @Test func outputBeyondTheCapIsRefused() throws {
        let zeros = try systemGzip([UInt8](repeating: 0, count: 100_000), level: 9)
        #expect(failure { try Gzip.decompress(zeros, maxOutput: 50_000) }?.contains("more than 50000 bytes") == true)
        #expect(try Gzip.decompress(zeros, maxOutput: 100_000).count == 100_000)
    }

    @Test func aCorruptDatasetFileIsALearningErrorNamingTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fedactors-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try systemGzip([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9], level: 6)
        let path = dir.appendingPathComponent("labels.gz").path
        try Data(good).write(to: URL(fileURLWithPath: path))
        #expect(try IDX.read(path: path).bytes == [7, 8, 9])
        try Data(good.prefix(good.count - 5)).write(to: URL(fileURLWithPath: path))
        do {
            _ = try IDX.read(path: path)
            Issue.record("a truncated file was read")
        } catch {
            #expect(error.code == .invalidData)
            #expect(error.message.hasPrefix("\(path): the file is truncated"), "\(error.message)")
        }
    }
}

@Suite struct FashionMNISTTests {
    @Test func readsTheRealFiles() throws {
        let split = try FashionMNIST.load()
        #expect(split.train.count == 60_000)
        #expect(split.test.count == 10_000)
        #expect(split.train.featureCount == 784)
        #expect(split.train.histogram == [Int](repeating: 6000, count: 10))
        #expect(split.test.histogram == [Int](repeating: 1000, count: 10))
        // Standardized by the training pixels: their features have mean 0 and variance 1 (the
        // intensities' mean and spread are the published 0.2860 and 0.3530), pixels 0 and 255 map to
        // the encoding's black and white and both occur, and the test set uses the training statistics.
        let encoding = split.train.pixelEncoding
        #expect(abs(encoding.mean - 0.2860) < 1e-4 && abs(encoding.standardDeviation - 0.3530) < 1e-4, "\(encoding)")
        #expect(split.test.pixelEncoding == encoding)
        // Read once each: the images are held as bytes, and `features` builds their Floats on each read.
        let (train, test) = (split.train.features, split.test.features)
        let n = Double(train.count)
        let mean = train.reduce(0.0) { $0 + Double($1) } / n
        let variance = train.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-4, "mean \(mean), variance \(variance)")
        #expect(train.min() == encoding.black && train.max() == encoding.white)
        #expect(test.allSatisfy { (encoding.black...encoding.white).contains($0) })
        #expect(split.train.card.contains("60000 samples of 1×28×28, 10 classes"))
    }

    /// One byte per pixel, as in the files: the training images take 47 MB, not 188 MB of Floats, and
    /// a sample reads as the Floats of the encoding's table.
    @Test func theImagesAreHeldAsOneBytePerPixel() throws {
        let split = try FashionMNIST.load()
        let file = try IDX.read(path: "\(FashionMNIST.defaultDirectory)/t10k-images-idx3-ubyte.gz")
        guard case .bytes(let train, _) = split.train.storage, case .bytes(let test, _) = split.test.storage else {
            Issue.record("Fashion-MNIST is held as \(split.train.storage), not bytes")
            return
        }
        #expect(train.count == 60_000 * 784 && test.count == 10_000 * 784)
        #expect(test == file.bytes)
        let table = split.test.pixelEncoding.byteTable
        #expect(split.test.features(ofSample: 9_999) == file.bytes[(9_999 * 784)...].map { table[Int($0)] })
    }

    @Test func aMissingDirectorySaysToRunSetup() {
        do {
            _ = try FashionMNIST.load(directory: "/nonexistent")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingData)
            #expect(error.message.contains("scripts/setup"))
        }
    }

    @Test func malformedIDXIsRefused() {
        #expect(throws: LearningError.self) { try IDX.parse([0, 0, 8, 1, 0, 0, 0, 5, 1, 2], name: "short") }
        #expect(throws: LearningError.self) { try IDX.parse([0, 0, 0x0D, 1, 0, 0, 0, 1, 1], name: "floats") }
        #expect(throws: LearningError.self) { try IDX.parse([1, 2], name: "tiny") }
    }

    /// Headers that parse (their values add up) but describe no usable image: no images (one case with
    /// sides whose product overflows, which only a file of no images can announce: with one image
    /// IDX.parse already finds it too short), or a zero side. Each is refused with the module's error.
    @Test(arguments: [(0, 0xFFFF_FFFF, 0xFFFF_FFFF), (0, 28, 28), (1, 0, 5), (2, 7, 0)])
    func imageFilesWithoutAUsableImageAreRefused(count: Int, rows: Int, columns: Int) throws {
        func header(_ dims: [Int]) -> [UInt8] {
            [0, 0, 8, UInt8(dims.count)]
                + dims.flatMap { d in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: d >> $0) } }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fedactors-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(header([count, rows, columns]) + [UInt8](repeating: 0, count: count * rows * columns)).write(
            to: dir.appendingPathComponent("images"))
        try Data(header([count]) + [UInt8](repeating: 0, count: count)).write(to: dir.appendingPathComponent("labels"))
        do {
            _ = try FashionMNIST.read(dir.path, images: "images", labels: "labels")
            Issue.record("\(count) images of \(rows)×\(columns) were accepted")
        } catch {
            #expect(error.code == .invalidData)
            #expect(error.message.contains("expected at least one image of at least 1×1"), "\(error.message)")
        }
    }

    @Test func aSampleSizeWhoseTotalOverflowsIsRefused() {
        #expect(throws: LearningError(.invalidData, "big: 0 feature values do not make 2 samples of \(Int.max)")) {
            try Dataset(
                name: "big", features: [], labels: [0, 0], featureCount: Int.max, classCount: 1, labelNames: ["a"],
                sampleShape: [Int.max])
        }
    }
}

@Suite struct PartitionerTests {
    let labels: [Int32] = (0..<3000).map { Int32($0 % 10) }

    @Test(arguments: [Partitioner.iid, .dirichlet(alpha: 0.5), .dirichlet(alpha: 100), .shards(perClient: 2)])
    func everySampleGoesToExactlyOneClientAndSeedsReproduce(partitioner: Partitioner) throws {
        let parts = try partitioner.split(labels: labels, classes: 10, clients: 15, seed: 42)
        #expect(parts.count == 15)
        #expect(parts.flatMap { $0 }.sorted() == Array(0..<3000))
        #expect(try partitioner.split(labels: labels, classes: 10, clients: 15, seed: 42) == parts)
        #expect(try partitioner.split(labels: labels, classes: 10, clients: 15, seed: 43) != parts)
    }

    @Test func smallerAlphaGivesMoreSkew() throws {
        func skew(_ alpha: Double) throws -> Double {
            let parts = try Partitioner.dirichlet(alpha: alpha).split(labels: labels, classes: 10, clients: 15, seed: 7)
            return PartitionSummary(parts: parts, labels: labels, classes: 10).meanDominantShare
        }
        let (a, b, c) = (try skew(0.1), try skew(1), try skew(100))
        #expect(a > b)
        #expect(b > c)
        #expect(c < 0.2)
    }

    @Test func shardsGiveEachClientFewClasses() throws {
        let parts = try Partitioner.shards(perClient: 2).split(labels: labels, classes: 10, clients: 15, seed: 1)
        let summary = PartitionSummary(parts: parts, labels: labels, classes: 10)
        #expect(summary.histograms.allSatisfy { $0.filter { $0 > 0 }.count <= 4 })
        #expect(throws: LearningError.self) {
            try Partitioner.dirichlet(alpha: 0).split(labels: labels, classes: 10, clients: 3, seed: 1)
        }
        #expect(throws: LearningError.self) {
            try Partitioner.iid.split(labels: labels, classes: 10, clients: 0, seed: 1)
        }
    }
}
