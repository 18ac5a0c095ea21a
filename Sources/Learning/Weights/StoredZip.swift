/// A zip archive of uncompressed ("stored") entries: the container of NumPy's `.npz` files
/// (`np.savez` stores its `.npy` members uncompressed).
///
/// Reading goes through the central directory (so local headers that defer their sizes, or carry
/// Zip64 fields as NumPy's do, are fine), checks every entry's CRC-32, and refuses compressed
/// entries (`np.savez_compressed`), encrypted ones and multi-disk archives by name. Writing produces
/// a plain archive without Zip64: every entry and the whole archive must stay under 4 GiB.
enum StoredZip {
    struct Entry: Equatable {
        var name: String
        var data: [UInt8]
    }

    /// Signatures of the zip records this reads and writes.
    private static let localHeader: UInt64 = 0x0403_4B50
    private static let centralHeader: UInt64 = 0x0201_4B50
    private static let endOfDirectory: UInt64 = 0x0605_4B50
    private static let zip64EndOfDirectory: UInt64 = 0x0606_4B50
    private static let zip64Locator: UInt64 = 0x0706_4B50

    /// The archive of `entries`, in their order.
    static func archive(_ entries: [Entry], source: String) throws(LearningError) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            guard entry.data.count < 0xFFFF_FFFF, out.count < 0xFFFF_FFFF, name.count < 0xFFFF else {
                throw LearningError(.invalidSetting, "\(source): '\(entry.name)' is too large for a zip without Zip64")
            }
            let crc = UInt64(CRC32.of(entry.data[...]))
            let offset = UInt64(out.count)
            // no flags, stored, 1980-01-01 00:00, crc, sizes, name, no extra field.
            let common: [(UInt64, Int)] = [
                (0, 2), (0, 2), (0, 2), (0x21, 2), (crc, 4), (UInt64(entry.data.count), 4),
                (UInt64(entry.data.count), 4),
                (UInt64(name.count), 2), (0, 2),
            ]
            out.appendLittleEndian(localHeader, size: 4)
            out.appendLittleEndian(20, size: 2)
            for (value, size) in common { out.appendLittleEndian(value, size: size) }
            out += name
            out += entry.data
            directory.appendLittleEndian(centralHeader, size: 4)
            directory.appendLittleEndian(20, size: 2)
            directory.appendLittleEndian(20, size: 2)
            for (value, size) in common { directory.appendLittleEndian(value, size: size) }
            // no comment, disk 0, no attributes, the local header's offset
            for (value, size) in [(0, 2), (0, 2), (0, 2), (0, 4), (offset, 4)] as [(UInt64, Int)] {
                directory.appendLittleEndian(value, size: size)
            }
            directory += name
        }
        guard out.count + directory.count < 0xFFFF_FFFF, entries.count < 0xFFFF else {
            throw LearningError(.invalidSetting, "\(source): too large for a zip without Zip64")
        }
        let directoryOffset = UInt64(out.count)
        out += directory
        out.appendLittleEndian(endOfDirectory, size: 4)
        for (value, size) in [
            (0, 2), (0, 2), (UInt64(entries.count), 2), (UInt64(entries.count), 2), (UInt64(directory.count), 4),
            (directoryOffset, 4), (0, 2),
        ] as [(UInt64, Int)] {
            out.appendLittleEndian(value, size: size)
        }
        return out
    }

    /// The entries of the archive `bytes`, in the central directory's order.
    static func entries(of bytes: [UInt8], source: String) throws(LearningError) -> [Entry] {
        let reader = ByteReader(bytes: bytes, source: source)
        let (count, start) = try directory(reader)
        var entries: [Entry] = []
        var offset = start
        for _ in 0..<count {
            let (entry, next) = try entry(reader, at: offset)
            entries.append(entry)
            offset = next
        }
        return entries
    }

    /// The number of entries and the central directory's offset, from the end-of-directory record
    /// (and its Zip64 twin when the plain one says its fields overflowed).
    private static func directory(_ reader: ByteReader) throws(LearningError) -> (count: Int, offset: Int) {
        let bytes = reader.bytes
        // The record is 22 bytes plus a comment of at most 65,535: search backwards for it.
        var end = -1
        var candidate = bytes.count - 22
        while candidate >= max(0, bytes.count - 22 - 0xFFFF) {
            if bytes[candidate] == 0x50, bytes[candidate + 1] == 0x4B, bytes[candidate + 2] == 5,
                bytes[candidate + 3] == 6
            {
                end = candidate
                break
            }
            candidate -= 1
        }
        guard end >= 0 else {
            throw LearningError(
                .invalidData, "\(reader.source) is not a zip archive (.npz), or is truncated: it has no end record")
        }
        let disk = try reader.uint16(at: end + 4, "the end record")
        let directoryDisk = try reader.uint16(at: end + 6, "the end record")
        guard disk == 0, directoryDisk == 0 else {
            throw LearningError(.invalidData, "\(reader.source) is a multi-disk zip archive, which is not read")
        }
        var count = try reader.uint16(at: end + 10, "the end record")
        var offset = try reader.uint32(at: end + 16, "the end record")
        if count == 0xFFFF || offset == 0xFFFF_FFFF {
            let locator = end - 20
            guard locator >= 0, try reader.integer(at: locator, size: 4, reading: "the Zip64 locator") == zip64Locator
            else {
                throw LearningError(.invalidData, "\(reader.source): its end record points to a Zip64 record it lacks")
            }
            let record = Int(try reader.integer(at: locator + 8, size: 8, reading: "the Zip64 locator"))
            guard try reader.integer(at: record, size: 4, reading: "the Zip64 end record") == zip64EndOfDirectory else {
                throw LearningError(.invalidData, "\(reader.source) is damaged: no Zip64 end record at byte \(record)")
            }
            count = Int(try reader.integer(at: record + 32, size: 8, reading: "the Zip64 end record"))
            offset = Int(try reader.integer(at: record + 48, size: 8, reading: "the Zip64 end record"))
        }
        return (count, offset)
    }

    /// The entry whose central directory header is at `offset`, and the next header's offset.
    private static func entry(_ reader: ByteReader, at offset: Int) throws(LearningError) -> (Entry, next: Int) {
        let source = reader.source
        guard try reader.integer(at: offset, size: 4, reading: "the central directory") == centralHeader else {
            throw LearningError(.invalidData, "\(source) is damaged: no central directory header at byte \(offset)")
        }
        let flags = try reader.uint16(at: offset + 8, "the central directory")
        let method = try reader.uint16(at: offset + 10, "the central directory")
        let crc = try reader.uint32(at: offset + 16, "the central directory")
        var size = try reader.uint32(at: offset + 20, "the central directory")
        var original = try reader.uint32(at: offset + 24, "the central directory")
        let nameLength = try reader.uint16(at: offset + 28, "the central directory")
        let extraLength = try reader.uint16(at: offset + 30, "the central directory")
        let commentLength = try reader.uint16(at: offset + 32, "the central directory")
        var local = try reader.uint32(at: offset + 42, "the central directory")
        let name = String(
            decoding: try reader.slice(at: offset + 46, count: nameLength, reading: "a name"), as: UTF8.self)
        let extra = try reader.slice(at: offset + 46 + nameLength, count: extraLength, reading: "an extra field")
        try zip64Sizes(extra, size: &size, original: &original, local: &local, reader: reader, name: name)
        guard flags & 1 == 0 else { throw LearningError(.invalidData, "\(source): '\(name)' is encrypted") }
        guard method == 0 else {
            throw LearningError(
                .invalidData,
                """
                \(source): '\(name)' is compressed (method \(method)); FedActors reads the uncompressed .npz of \
                np.savez, not np.savez_compressed
                """
            )
        }
        guard size == original else {
            throw LearningError(.invalidData, "\(source) is damaged: '\(name)' is stored but its sizes differ")
        }
        guard try reader.integer(at: local, size: 4, reading: "'\(name)''s local header") == localHeader else {
            throw LearningError(.invalidData, "\(source) is damaged: no local header for '\(name)' at byte \(local)")
        }
        let localName = try reader.uint16(at: local + 26, "'\(name)''s local header")
        let localExtra = try reader.uint16(at: local + 28, "'\(name)''s local header")
        let data = Array(try reader.slice(at: local + 30 + localName + localExtra, count: size, reading: "'\(name)'"))
        guard Int(CRC32.of(data[...])) == crc else {
            throw LearningError(.invalidData, "\(source) is damaged: '\(name)' fails its CRC-32 check")
        }
        return (Entry(name: name, data: data), offset + 46 + nameLength + extraLength + commentLength)
    }

    /// Replaces the 32-bit fields that say 0xFFFFFFFF with the Zip64 extra field's 64-bit values
    /// (which list only those fields, in the order original size, compressed size, local offset).
    private static func zip64Sizes(
        _ extra: ArraySlice<UInt8>, size: inout Int, original: inout Int, local: inout Int, reader: ByteReader,
        name: String
    ) throws(LearningError) {
        guard size == 0xFFFF_FFFF || original == 0xFFFF_FFFF || local == 0xFFFF_FFFF else { return }
        let fields = ByteReader(bytes: Array(extra), source: reader.source)
        var at = 0
        while at + 4 <= fields.bytes.count {
            let id = try fields.uint16(at: at, "'\(name)''s extra field")
            let length = try fields.uint16(at: at + 2, "'\(name)''s extra field")
            if id == 1 {
                var field = at + 4
                for value in [0, 1, 2] {
                    let current = [original, size, local][value]
                    guard current == 0xFFFF_FFFF else { continue }
                    let wide = Int(try fields.integer(at: field, size: 8, reading: "'\(name)''s Zip64 field"))
                    if value == 0 { original = wide } else if value == 1 { size = wide } else { local = wide }
                    field += 8
                }
                return
            }
            at += 4 + length
        }
        throw LearningError(.invalidData, "\(reader.source) is damaged: '\(name)' lacks its Zip64 sizes")
    }
}
