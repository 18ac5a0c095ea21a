/// One array of a NumPy `.npy` file: little-endian float32 in C order (`'<f4'`, not Fortran order),
/// the only kind FedActors writes and reads. Written as format version 1.0 with its header padded to
/// a multiple of 64 bytes, as NumPy writes it; versions 1.0, 2.0 and 3.0 are read.
package struct NPYArray: Sendable, Equatable {
    /// Sizes of the dimensions, outermost first ([] for a scalar).
    package var shape: [Int]
    /// The values in C (row-major) order.
    package var values: [Float]

    /// An array of `shape`; `values` must hold the product of its sizes.
    package init(shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The `.npy` bytes of this array.
    package var npyBytes: [UInt8] {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        // magic (6) + version (2) + length (2) + header, ending in a newline, a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Self.magic + [1, 0]
        out.appendLittleEndian(UInt64(header.utf8.count), size: 2)
        out += Array(header.utf8)
        out.reserveCapacity(out.count + 4 * values.count)
        for v in values { out.appendLittleEndian(UInt64(v.bitPattern.littleEndian), size: 4) }
        return out
    }

    /// The array in `bytes` (a `.npy` file); `source` names it in messages ("m.npz: 'dense0.weight'").
    package init(npyBytes bytes: [UInt8], source: String) throws(LearningError) {
        let reader = ByteReader(bytes: bytes, source: source)
        guard bytes.count >= 10, Array(bytes[0..<6]) == Self.magic else {
            throw LearningError(.invalidData, "\(source) is not a NumPy .npy array (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let lengthSize: Int
        switch major {
        case 1: lengthSize = 2
        case 2, 3: lengthSize = 4
        default:
            throw LearningError(
                .invalidData, "\(source) is .npy format version \(major).\(bytes[7]); 1.0 to 3.0 are read")
        }
        let headerLength = Int(try reader.integer(at: 8, size: lengthSize, reading: "the .npy header length"))
        let headerStart = 8 + lengthSize
        let header = String(
            decoding: try reader.slice(at: headerStart, count: headerLength, reading: "the .npy header"), as: UTF8.self)
        let parsed = try NPYHeader(parsing: header, source: source)
        let count = try LayerSize.product(parsed.shape, of: "\(source)'s shape")
        let data = try reader.slice(at: headerStart + headerLength, count: 4 * count, reading: "the array's data")
        guard data.count == bytes.count - headerStart - headerLength else {
            throw LearningError(
                .invalidData,
                """
                \(source) has \(bytes.count - headerStart - headerLength) bytes of data; shape \(parsed.shape) of \
                float32 needs \(4 * count)
                """
            )
        }
        var values = [Float](repeating: 0, count: count)
        var at = data.startIndex
        for i in 0..<count {
            let bits =
                UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24
            values[i] = Float(bitPattern: bits)
            at += 4
        }
        self.init(shape: parsed.shape, values: values)
    }
}
