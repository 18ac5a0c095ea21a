import Foundation
import Testing
@testable import Learning

@Suite struct GzipTests {
    /// Round-trips data compressed by the system `gzip` (stored, fixed and dynamic Huffman blocks).
    @Test(arguments: ["-1", "-9"]) func decodesSystemGzip(level: String) throws {
        var text = ""
        var rng = SeededRandom(seed: 7)
        for i in 0..<20_000 { text += i % 7 == 0 ? "fedactors \(rng.next() % 100) " : "ab" }
        let original = [UInt8](text.utf8) + (0..<5000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data")
        try Data(original).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", level, "-k", file.path]
        try p.run()
        p.waitUntilExit()
        let gz = [UInt8](try Data(contentsOf: dir.appendingPathComponent("data.gz")))
        #expect(try Gzip.decompress(gz) == original)
    }

    @Test func rejectsCorruptCRC() throws {
        // gzip of "hello\n" with the CRC's first byte flipped.
        var gz: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7, 0x02, 0x00,
                           0x20, 0x30, 0x3a, 0x36, 6, 0, 0, 0]
        #expect(try Gzip.decompress(gz) == [UInt8]("hello\n".utf8))
        gz[18] ^= 0xff
        #expect(throws: InflateError.self) { try Gzip.decompress(gz) }
    }
}
