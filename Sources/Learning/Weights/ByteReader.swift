/// Little-endian reads from a byte array that refuse to go past its end, naming what was being read.
struct ByteReader {
    let bytes: [UInt8]
    /// What the bytes are, for messages ("/tmp/m.npz").
    let source: String

    /// The unsigned little-endian integer of `size` bytes (2, 4 or 8) at `offset`.
    func integer(at offset: Int, size: Int, reading what: String) throws(LearningError) -> UInt64 {
        try check(offset, size, what)
        var value: UInt64 = 0
        for i in (0..<size).reversed() { value = value << 8 | UInt64(bytes[offset + i]) }
        return value
    }

    func uint16(at offset: Int, _ what: String) throws(LearningError) -> Int {
        Int(try integer(at: offset, size: 2, reading: what))
    }

    func uint32(at offset: Int, _ what: String) throws(LearningError) -> Int {
        Int(try integer(at: offset, size: 4, reading: what))
    }

    /// `count` bytes at `offset`.
    func slice(at offset: Int, count: Int, reading what: String) throws(LearningError) -> ArraySlice<UInt8> {
        try check(offset, count, what)
        return bytes[offset..<offset + count]
    }

    private func check(_ offset: Int, _ count: Int, _ what: String) throws(LearningError) {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw LearningError(
                .invalidData,
                "\(source) is truncated or damaged: \(what) at byte \(offset) runs past its end (\(bytes.count) bytes)")
        }
    }
}

/// Appends little-endian integers to a byte array.
extension Array where Element == UInt8 {
    mutating func appendLittleEndian(_ value: UInt64, size: Int) {
        for i in 0..<size { append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }
}
