import Foundation

/// A growable byte buffer for the encoder, handed over to `Data` at the end without a copy.
///
/// Memory comes from `malloc`/`realloc`, so ``takeData()`` can wrap it with a `.free` deallocator.
/// A non-copyable struct rather than a class: its fields are then plain memory, with no dynamic
/// exclusivity check on every byte written.
struct WriteBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    /// Number of bytes written so far.
    private(set) var count = 0

    init() {}

    deinit { free(base) }

    /// Makes room for `extra` more bytes, growing geometrically.
    @inline(__always)
    mutating func reserve(_ extra: Int) throws {
        let (needed, overflow) = count.addingReportingOverflow(extra)
        if !overflow, needed <= capacity { return }
        try grow(to: needed, overflow: overflow)
    }

    private mutating func grow(to needed: Int, overflow: Bool) throws {
        guard !overflow else {
            throw BinaryCodingError(.outOfMemory, offset: count, "output would exceed the address space")
        }
        let newCapacity = Swift.max(needed, Swift.max(256, capacity &* 2))
        guard let grown = realloc(base, newCapacity) else {
            throw BinaryCodingError(
                .outOfMemory, offset: count, "could not allocate \(newCapacity) bytes for the encoded output")
        }
        base = grown
        capacity = newCapacity
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) throws {
        try reserve(1)
        base?.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends a tag byte.
    @inline(__always)
    mutating func append(_ tag: BinaryTag) throws { try append(tag.rawValue) }

    /// Appends `bytes` with one memcpy.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        try reserve(bytes.count)
        base?.advanced(by: count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends a fixed-width integer in little-endian byte order.
    @inline(__always)
    mutating func appendLittleEndian<I: FixedWidthInteger>(_ value: I) throws {
        let size = MemoryLayout<I>.size
        try reserve(size)
        base?.storeBytes(of: value.littleEndian, toByteOffset: count, as: I.self)
        count += size
    }

    /// Overwrites four bytes at `offset` (written earlier) with `value` in little-endian order.
    mutating func patchUInt32(_ value: UInt32, at offset: Int) {
        guard offset >= 0, offset + 4 <= count else { return }
        base?.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Appends an unsigned LEB128 varint (7 bits per byte, high bit set on all but the last).
    @inline(__always)
    mutating func appendVarint(_ value: UInt64) throws {
        try reserve(10)
        var v = value
        while v >= 0x80 {
            base?.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: count, as: UInt8.self)
            count += 1
            v >>= 7
        }
        base?.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends a length-prefixed UTF-8 string (no tag).
    mutating func appendString(_ string: String) throws {
        var string = string
        try string.withUTF8 { utf8 in
            try appendVarint(UInt64(utf8.count))
            try append(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Hands the bytes to a `Data` that frees them; the buffer is empty afterwards.
    mutating func takeData() -> Data {
        guard let bytes = base, count > 0 else { return Data() }
        let data = Data(bytesNoCopy: bytes, count: count, deallocator: .free)
        base = nil
        capacity = 0
        count = 0
        return data
    }
}
