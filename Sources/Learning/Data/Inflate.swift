/// A DEFLATE (RFC 1951) and gzip (RFC 1952) decoder in plain Swift, so the datasets' .gz files are read
/// without a C library beyond the three the project uses. Every length and code is checked: a corrupt
/// file is a thrown ``InflateError``, never a crash or an unbounded allocation.
package enum Inflate {
    /// Decompresses a gzip file's bytes (all members), checking each member's CRC-32 and size.
    package static func gunzip(_ bytes: [UInt8], maxOutput: Int = 1 << 31) throws(InflateError) -> [UInt8] {
        guard !bytes.isEmpty else {
            throw InflateError("empty input: a gzip file has at least an 18-byte header and trailer")
        }
        var out: [UInt8] = []
        if bytes.count >= 4 {
            // The last member's trailer holds its size mod 2^32: a good first reservation.
            let n = bytes.count
            let size = Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16 | Int(bytes[n - 1]) << 24
            out.reserveCapacity(min(size, maxOutput, 1 << 30))
        }
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 18, bytes[offset] == 0x1F, bytes[offset + 1] == 0x8B else {
                if out.isEmpty { throw InflateError("not a gzip file (it does not start with 1f 8b)") }
                break  // trailing padding after the last member
            }
            guard bytes[offset + 2] == 8 else {
                throw InflateError("gzip compression method \(bytes[offset + 2]) is not DEFLATE")
            }
            let flags = bytes[offset + 3]
            var p = offset + 10
            if flags & 0x04 != 0 {  // FEXTRA
                guard p + 2 <= bytes.count else { throw InflateError("truncated gzip extra field") }
                p += 2 + Int(bytes[p]) | Int(bytes[p + 1]) << 8
            }
            for flag in [UInt8(0x08), 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
                while p < bytes.count, bytes[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 0x02 != 0 { p += 2 }  // FHCRC
            guard p < bytes.count else { throw InflateError("truncated gzip header") }
            let start = out.count
            var reader = BitReader(bytes, at: p)
            try inflate(&reader, into: &out, maxOutput: maxOutput)
            let end = reader.alignedByteOffset
            guard end + 8 <= bytes.count else { throw InflateError("truncated gzip trailer") }
            let crc =
                UInt32(bytes[end]) | UInt32(bytes[end + 1]) << 8 | UInt32(bytes[end + 2]) << 16 | UInt32(bytes[end + 3])
                << 24
            let size =
                UInt32(bytes[end + 4]) | UInt32(bytes[end + 5]) << 8 | UInt32(bytes[end + 6]) << 16 | UInt32(
                    bytes[end + 7]) << 24
            guard CRC32.of(out[start...]) == crc else {
                throw InflateError("gzip CRC-32 mismatch: the file is corrupt")
            }
            guard UInt32(truncatingIfNeeded: out.count - start) == size else {
                throw InflateError("gzip size mismatch: the file is corrupt")
            }
            offset = end + 8
        }
        return out
    }

    /// Decompresses a raw DEFLATE stream.
    package static func inflate(_ bytes: [UInt8], maxOutput: Int = 1 << 31) throws(InflateError) -> [UInt8] {
        var reader = BitReader(bytes, at: 0)
        var out: [UInt8] = []
        try inflate(&reader, into: &out, maxOutput: maxOutput)
        return out
    }

    static func inflate(_ r: inout BitReader, into out: inout [UInt8], maxOutput: Int) throws(InflateError) {
        var last = false
        while !last {
            last = try r.bits(1) == 1
            switch try r.bits(2) {
            case 0:
                r.alignToByte()
                let len = try r.bits(16), nlen = try r.bits(16)
                guard len == ~nlen & 0xFFFF else { throw InflateError("stored block length check failed") }
                guard out.count + len <= maxOutput else { throw InflateError("output exceeds \(maxOutput) bytes") }
                try r.copyBytes(len, into: &out)
            case 1:
                try inflateBlock(&r, &out, Huffman.fixedLiterals, Huffman.fixedDistances, maxOutput)
            case 2:
                let (lit, dist) = try readDynamicTables(&r)
                try inflateBlock(&r, &out, lit, dist, maxOutput)
            default:
                throw InflateError("invalid block type 3")
            }
        }
    }

    private static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    private static func inflateBlock(
        _ r: inout BitReader, _ out: inout [UInt8], _ lit: Huffman, _ dist: Huffman, _ maxOutput: Int
    ) throws(InflateError) {
        while true {
            let symbol = try lit.decode(&r)
            if symbol < 256 {
                guard out.count < maxOutput else { throw InflateError("output exceeds \(maxOutput) bytes") }
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let li = symbol - 257
                guard li < 29 else { throw InflateError("invalid length symbol \(symbol)") }
                let length = lengthBase[li] + (try r.bits(lengthExtra[li]))
                let di = try dist.decode(&r)
                guard di < 30 else { throw InflateError("invalid distance symbol \(di)") }
                let distance = distBase[di] + (try r.bits(distExtra[di]))
                guard distance <= out.count else {
                    throw InflateError("distance \(distance) reaches before the start of the output")
                }
                guard out.count + length <= maxOutput else { throw InflateError("output exceeds \(maxOutput) bytes") }
                let from = out.count - distance
                if distance == 1 {
                    // A run of one byte (the zeros around every Fashion-MNIST garment).
                    out.append(contentsOf: repeatElement(out[from], count: length))
                } else if distance >= length {
                    // No overlap: through a small buffer (appending a slice of `out` to itself would
                    // copy the whole output first).
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { run in
                        for i in 0..<length { run.initializeElement(at: i, to: out[from + i]) }
                        out.append(contentsOf: run)
                        run.deinitialize()
                    }
                } else {
                    for i in 0..<length { out.append(out[from + i]) }
                }
            }
        }
    }

    private static func readDynamicTables(_ r: inout BitReader) throws(InflateError) -> (Huffman, Huffman) {
        let hlit = try r.bits(5) + 257, hdist = try r.bits(5) + 1, hclen = try r.bits(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<hclen { codeLengths[order[i]] = try r.bits(3) }
        let codeCode = try Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < hlit + hdist {
            let sym = try codeCode.decode(&r)
            switch sym {
            case 0...15: lengths.append(sym)
            case 16:
                guard let prev = lengths.last else { throw InflateError("repeat code with no previous length") }
                lengths.append(contentsOf: repeatElement(prev, count: 3 + (try r.bits(2))))
            case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try r.bits(3))))
            default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try r.bits(7))))
            }
        }
        guard lengths.count == hlit + hdist else { throw InflateError("code lengths overrun the table") }
        return (try Huffman(lengths: Array(lengths[0..<hlit])), try Huffman(lengths: Array(lengths[hlit...])))
    }
}

/// A corrupt or unsupported compressed stream.
package struct InflateError: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { "decompression failed: \(message)" }
}

/// Reads DEFLATE's little-endian bit stream.
struct BitReader {
    private let bytes: [UInt8]
    private var position: Int
    private var buffer: UInt64 = 0
    private var count = 0

    init(_ bytes: [UInt8], at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func refill() {
        if count <= 56, position + 8 <= bytes.count {
            // The whole bytes that fit, from one 8-byte load.
            let take = (64 - count) >> 3
            let word = bytes.withUnsafeBytes {
                UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            }
            let mask: UInt64 = take == 8 ? ~0 : (1 << UInt64(take * 8)) - 1
            buffer |= (word & mask) << UInt64(count)
            position += take
            count += take * 8
            return
        }
        while count <= 56, position < bytes.count {
            buffer |= UInt64(bytes[position]) << UInt64(count)
            position += 1
            count += 8
        }
    }

    mutating func bits(_ n: Int) throws(InflateError) -> Int {
        if n == 0 { return 0 }
        if count < n { refill() }
        guard count >= n else { throw InflateError("unexpected end of compressed data") }
        let value = Int(buffer & ((1 << UInt64(n)) - 1))
        buffer >>= UInt64(n)
        count -= n
        return value
    }

    /// Peeks up to 16 bits (fewer at the end of input, padded with zeros).
    mutating func peek16() -> (bits: Int, available: Int) {
        if count < 16 { refill() }
        return (Int(buffer & 0xFFFF), count)
    }

    mutating func consume(_ n: Int) {
        buffer >>= UInt64(n)
        count -= n
    }

    mutating func alignToByte() {
        let drop = count % 8
        buffer >>= UInt64(drop)
        count -= drop
    }

    /// The byte offset just after the last consumed bit, rounded up to a byte.
    var alignedByteOffset: Int { position - count / 8 }

    mutating func copyBytes(_ n: Int, into out: inout [UInt8]) throws(InflateError) {
        for _ in 0..<n { out.append(UInt8(try bits(8))) }
    }
}

/// A canonical Huffman decoding table (a 2^maxBits lookup of symbol and code length).
struct Huffman {
    private var table: [Int32]  // symbol << 4 | length; 0 means "no code"
    private let maxBits: Int

    init(lengths: [Int]) throws(InflateError) {
        maxBits = max(1, lengths.max() ?? 1)
        guard maxBits <= 15 else { throw InflateError("a Huffman code is longer than 15 bits") }
        var countPerLength = [Int](repeating: 0, count: 16)
        for l in lengths where l > 0 { countPerLength[l] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for bits in 1...15 {
            code = (code + countPerLength[bits - 1]) << 1
            next[bits] = code
        }
        table = [Int32](repeating: 0, count: 1 << maxBits)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let c = next[length]
            next[length] += 1
            guard c < 1 << length else { throw InflateError("over-subscribed Huffman code") }
            // Reverse the code's bits: DEFLATE sends Huffman codes most significant bit first.
            var reversed = 0
            for b in 0..<length where c & (1 << b) != 0 { reversed |= 1 << (length - 1 - b) }
            var index = reversed
            while index < table.count {
                table[index] = Int32(symbol << 4 | length)
                index += 1 << length
            }
        }
    }

    func decode(_ r: inout BitReader) throws(InflateError) -> Int {
        let (bits, available) = r.peek16()
        let entry = Int(table[bits & ((1 << maxBits) - 1)])
        let length = entry & 0xF
        guard length > 0, length <= available else {
            throw InflateError(available == 0 ? "unexpected end of compressed data" : "invalid Huffman code")
        }
        r.consume(length)
        return entry >> 4
    }

    static let fixedLiterals: Huffman = {
        var l = [Int](repeating: 8, count: 288)
        for i in 144..<256 { l[i] = 9 }
        for i in 256..<280 { l[i] = 7 }
        // The fixed code is well-formed by construction.
        return (try? Huffman(lengths: l)) ?? Huffman(empty: ())
    }()
    static let fixedDistances: Huffman = (try? Huffman(lengths: [Int](repeating: 5, count: 30))) ?? Huffman(empty: ())

    private init(empty: Void) {
        table = [0, 0]
        maxBits = 1
    }
}

/// CRC-32 (IEEE 802.3, as gzip uses it).
enum CRC32 {
    /// Eight tables for slicing-by-8 (Intel's method): `tables[k][b]` is the CRC of byte b followed
    /// by k zero bytes, so eight input bytes are folded with eight lookups instead of eight rounds.
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let previous = t[(k - 1) * 256 + n]
                t[k * 256 + n] = t[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return t
    }()

    static func of(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            tables.withUnsafeBufferPointer { t in
                var c: UInt32 = 0xFFFF_FFFF
                var i = 0
                let n = buffer.count
                while i + 8 <= n {
                    let lo =
                        c
                        ^ (UInt32(buffer[i]) | UInt32(buffer[i + 1]) << 8 | UInt32(buffer[i + 2]) << 16 | UInt32(
                            buffer[i + 3]) << 24)
                    let hi =
                        UInt32(buffer[i + 4]) | UInt32(buffer[i + 5]) << 8 | UInt32(buffer[i + 6]) << 16 | UInt32(
                            buffer[i + 7]) << 24
                    c =
                        t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                        ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                        ^ t[256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                    i += 8
                }
                while i < n {
                    c = t[Int((c ^ UInt32(buffer[i])) & 0xFF)] ^ (c >> 8)
                    i += 1
                }
                return c ^ 0xFFFF_FFFF
            }
        }
    }
}
