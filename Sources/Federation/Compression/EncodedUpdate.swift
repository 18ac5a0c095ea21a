import Foundation

/// A model update as it crosses the wire: dense or sparse, in full precision or quantized.
///
/// Dense: `indices` is nil and there is one value per coordinate. Sparse: `indices[i]` is the
/// coordinate of value `i`; every other coordinate is 0. Quantized values are `offset + q·scale`
/// with q stored little-endian in `bits`/8 bytes each.
public struct EncodedUpdate: Codable, Sendable, Equatable {
    public enum Values: Codable, Sendable, Equatable {
        case float([Float])
        case quantized(bits: Int, offset: Float, scale: Float, codes: Data)
    }

    /// Length of the dense vector this encodes.
    public var length: Int
    public var indices: [Int32]?
    public var values: Values

    public init(length: Int, indices: [Int32]?, values: Values) {
        self.length = length
        self.indices = indices
        self.values = values
    }

    /// Bytes of the update's content (indices and values), what compression is meant to shrink.
    package var contentBytes: Int {
        let indexBytes = 4 * (indices?.count ?? 0)
        switch values {
        case .float(let v): return indexBytes + 4 * v.count
        case .quantized(_, _, _, let codes): return indexBytes + codes.count + 8
        }
    }

    /// Number of stored values.
    var valueCount: Int {
        switch values {
        case .float(let v): return v.count
        case .quantized(let bits, _, _, let codes): return codes.count / max(1, bits / 8)
        }
    }
}
