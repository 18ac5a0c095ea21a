/// An error decoding gzip/DEFLATE data.
public struct InflateError: Error, CustomStringConvertible, Sendable {
    /// What was wrong with the compressed stream.
    public let description: String
    init(_ what: String) {
        description = "gzip: \(what). The file is corrupt or not gzip; re-run scripts/setup to reinstall it."
    }
}

/// A small pure-Swift gzip (RFC 1952) / DEFLATE (RFC 1951) decoder with a CRC-32 check.
public enum Gzip {
    /// Decompresses a whole gzip file (all members), verifying each member's CRC-32 and size.
    public static func decompress(_ data: [UInt8]) throws(InflateError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count * 4)
        var pos = 0
        while pos < data.count {
            guard data.count - pos >= 18, data[pos] == 0x1f, data[pos + 1] == 0x8b else {
                throw InflateError("bad gzip header at byte \(pos)")
            }
            guard data[pos + 2] == 8 else { throw InflateError("unsupported compression method") }
            let flags = data[pos + 3]
            var p = pos + 10
            if flags & 4 != 0 {
                guard p + 2 <= data.count else { throw InflateError("truncated extra field") }
                p += 2 + Int(data[p]) | Int(data[p + 1]) << 8
            }
            for bit: UInt8 in [8, 16] where flags & bit != 0 {
                while p < data.count && data[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 2 != 0 { p += 2 }
            guard p < data.count else { throw InflateError("truncated header") }
            let start = out.count
            var reader = BitReader(data: data, pos: p)
            try inflate(&reader, into: &out)
            p = reader.bytePositionAfterAlign()
            guard p + 8 <= data.count else { throw InflateError("truncated trailer") }
            func le32(_ i: Int) -> UInt32 {
                UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            }
            let crc = CRC32.checksum(out[start...])
            guard crc == le32(p) else { throw InflateError("CRC-32 mismatch") }
            guard UInt32(truncatingIfNeeded: out.count - start) == le32(p + 4) else {
                throw InflateError("size mismatch")
            }
            pos = p + 8
        }
        return out
    }

    /// Decodes a raw DEFLATE stream.
    static func inflate(_ r: inout BitReader, into out: inout [UInt8]) throws(InflateError) {
        var final = false
        while !final {
            final = try r.bits(1) == 1
            switch try r.bits(2) {
            case 0:
                r.alignToByte()
                let len = try r.bits(16), nlen = try r.bits(16)
                guard len == ~nlen & 0xffff else { throw InflateError("stored block length check") }
                for _ in 0..<len { out.append(UInt8(try r.bits(8))) }
            case 1:
                try block(&r, &out, Huffman.fixedLit, Huffman.fixedDist)
            case 2:
                let (lit, dist) = try dynamicTables(&r)
                try block(&r, &out, lit, dist)
            default:
                throw InflateError("invalid block type")
            }
        }
    }

    private static let lenBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lenExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private static func block(
        _ r: inout BitReader, _ out: inout [UInt8], _ lit: Huffman, _ dist: Huffman
    ) throws(InflateError) {
        while true {
            let sym = try lit.decode(&r)
            if sym < 256 {
                out.append(UInt8(sym))
            } else if sym == 256 {
                return
            } else {
                let li = sym - 257
                guard li < 29 else { throw InflateError("bad length symbol") }
                let length = lenBase[li] + Int(try r.bits(lenExtra[li]))
                let di = try dist.decode(&r)
                guard di < 30 else { throw InflateError("bad distance symbol") }
                let distance = distBase[di] + Int(try r.bits(distExtra[di]))
                guard distance <= out.count else { throw InflateError("distance too far back") }
                let from = out.count - distance
                for i in 0..<length { out.append(out[from + i]) }
            }
        }
    }

    private static func dynamicTables(_ r: inout BitReader) throws(InflateError) -> (Huffman, Huffman) {
        let hlit = Int(try r.bits(5)) + 257, hdist = Int(try r.bits(5)) + 1, hclen = Int(try r.bits(4)) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var clen = [Int](repeating: 0, count: 19)
        for i in 0..<hclen { clen[order[i]] = Int(try r.bits(3)) }
        let codeLen = try Huffman(lengths: clen)
        var lengths: [Int] = []
        while lengths.count < hlit + hdist {
            let sym = try codeLen.decode(&r)
            switch sym {
            case 0..<16: lengths.append(sym)
            case 16:
                guard let prev = lengths.last else { throw InflateError("repeat with no previous length") }
                lengths += Array(repeating: prev, count: 3 + Int(try r.bits(2)))
            case 17: lengths += Array(repeating: 0, count: 3 + Int(try r.bits(3)))
            default: lengths += Array(repeating: 0, count: 11 + Int(try r.bits(7)))
            }
        }
        guard lengths.count == hlit + hdist else { throw InflateError("code lengths overrun") }
        return (try Huffman(lengths: Array(lengths[0..<hlit])), try Huffman(lengths: Array(lengths[hlit...])))
    }
}

/// LSB-first bit reader over a byte array.
struct BitReader {
    let data: [UInt8]
    var pos: Int
    var buffer: UInt64 = 0
    var count = 0

    init(data: [UInt8], pos: Int) {
        self.data = data
        self.pos = pos
    }

    mutating func refill() {
        while count <= 56 && pos < data.count {
            buffer |= UInt64(data[pos]) << UInt64(count)
            pos += 1
            count += 8
        }
    }

    mutating func bits(_ n: Int) throws(InflateError) -> UInt32 {
        if n == 0 { return 0 }
        if count < n { refill() }
        guard count >= n else { throw InflateError("unexpected end of data") }
        let v = UInt32(truncatingIfNeeded: buffer & ((1 << UInt64(n)) - 1))
        buffer >>= UInt64(n)
        count -= n
        return v
    }

    mutating func alignToByte() {
        let drop = count % 8
        buffer >>= UInt64(drop)
        count -= drop
    }

    /// The byte offset just after the DEFLATE stream (unread whole bytes are given back).
    mutating func bytePositionAfterAlign() -> Int {
        alignToByte()
        return pos - count / 8
    }
}

/// A canonical Huffman decoding table (fast lookup on up to 9 bits, then a slow path).
struct Huffman: Sendable {
    // counts[len] and symbols sorted by code, as in zlib's puff.
    let counts: [Int]
    let symbols: [Int]

    init(lengths: [Int]) throws(InflateError) {
        var counts = [Int](repeating: 0, count: 16)
        for l in lengths { counts[l] += 1 }
        counts[0] = 0
        var offs = [Int](repeating: 0, count: 16)
        for l in 1..<16 { offs[l] = offs[l - 1] + counts[l - 1] }
        var symbols = [Int](repeating: 0, count: lengths.count)
        for (s, l) in lengths.enumerated() where l != 0 {
            symbols[offs[l]] = s
            offs[l] += 1
        }
        self.counts = counts
        self.symbols = symbols
    }

    func decode(_ r: inout BitReader) throws(InflateError) -> Int {
        var code = 0, first = 0, index = 0
        for len in 1..<16 {
            code |= Int(try r.bits(1))
            let c = counts[len]
            if code - c < first { return symbols[index + (code - first)] }
            index += c
            first = (first + c) << 1
            code <<= 1
        }
        throw InflateError("invalid Huffman code")
    }

    static let fixedLit: Huffman = {
        var l = [Int](repeating: 8, count: 288)
        for i in 144..<256 { l[i] = 9 }
        for i in 256..<280 { l[i] = 7 }
        // Lengths are valid by construction, so this cannot throw.
        return (try? Huffman(lengths: l)) ?? Huffman(empty: ())
    }()
    static let fixedDist: Huffman = (try? Huffman(lengths: [Int](repeating: 5, count: 30))) ?? Huffman(empty: ())

    private init(empty: Void) {
        counts = [Int](repeating: 0, count: 16)
        symbols = []
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xffff_ffff
        table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
        }
        return c ^ 0xffff_ffff
    }
}
