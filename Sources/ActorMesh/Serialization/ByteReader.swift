/// Reads the primitive pieces of the format from a buffer, checking bounds before every read.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func readByte(expecting what: String) throws -> UInt8 {
        guard offset < bytes.count else {
            throw BinaryCodingError(.truncated, offset: offset, "expected \(what), found the end of input")
        }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, count <= remaining else {
            throw BinaryCodingError(
                .truncated, offset: offset, "expected \(count) more bytes, found \(remaining)")
        }
        offset += count
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    mutating func readVarint() throws -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte(expecting: "a varint byte")
            if shift == 63, byte > 1 {
                throw BinaryCodingError(
                    .integerOverflow, offset: start, "expected a varint of at most 64 bits, found a longer one")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A varint element count, checked against the bytes that remain for `elementSize`-byte elements.
    mutating func readLength(elementSize: Int, what: String) throws -> Int {
        let start = offset
        let declared = try readVarint()
        let available = UInt64(remaining / elementSize)
        guard declared <= available else {
            throw BinaryCodingError(
                .lengthExceedsInput, offset: start,
                "expected a \(what) length of at most \(available) elements (bytes remaining: \(remaining)), "
                    + "found \(declared)")
        }
        return Int(declared)
    }

    /// A UInt32 container count, checked against the bytes that remain.
    mutating func readCount(minimumBytesEach: Int, what: String) throws -> Int {
        let start = offset
        guard remaining >= 4 else {
            throw BinaryCodingError(
                .truncated, offset: offset, "expected a 4-byte \(what) count, found \(remaining) bytes")
        }
        let declared = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
        offset += 4
        guard declared <= remaining / minimumBytesEach else {
            throw BinaryCodingError(
                .lengthExceedsInput, offset: start,
                "expected a \(what) count of at most \(remaining / minimumBytesEach) "
                    + "(bytes remaining: \(remaining)), found \(declared)")
        }
        return declared
    }
}
