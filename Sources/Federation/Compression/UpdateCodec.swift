import Foundation

/// Pure encode/decode of updates under a ``Compression``. Decoding checks everything a malformed or
/// hostile update could get wrong (lengths, index range, bit width) and throws instead of trapping.
package enum UpdateCodec {
    /// Encodes `delta` under `compression`.
    package static func encode(_ delta: [Float], with compression: Compression) -> EncodedUpdate {
        var indices: [Int32]? = nil
        var kept = delta
        if let fraction = compression.topKFraction, fraction < 1 {
            let selected = topK(delta, count: max(1, Int((fraction * Double(delta.count)).rounded(.up))))
            indices = selected.map { Int32($0) }
            kept = selected.map { delta[$0] }
        }
        guard let bits = compression.quantizationBits else {
            return EncodedUpdate(length: delta.count, indices: indices, values: .float(kept))
        }
        return EncodedUpdate(length: delta.count, indices: indices, values: quantize(kept, bits: bits))
    }

    /// The dense delta an update encodes.
    package static func decode(_ update: EncodedUpdate) throws(FederationError) -> [Float] {
        guard update.length >= 0, update.length <= 1 << 31 else {
            throw FederationError(.invalidUpdate, "encoded update claims \(update.length) coordinates")
        }
        let values = try dequantize(update.values)
        guard let indices = update.indices else {
            guard values.count == update.length else {
                throw FederationError(
                    .invalidUpdate, "dense update has \(values.count) values for \(update.length) coordinates")
            }
            return values
        }
        guard indices.count == values.count else {
            throw FederationError(
                .invalidUpdate, "sparse update has \(indices.count) indices but \(values.count) values")
        }
        var dense = [Float](repeating: 0, count: update.length)
        for (i, index) in indices.enumerated() {
            guard index >= 0, Int(index) < update.length else {
                throw FederationError(.invalidUpdate, "sparse update index \(index) is outside 0..<\(update.length)")
            }
            dense[Int(index)] = values[i]
        }
        return dense
    }

    /// Indices of the `count` largest-magnitude entries, ascending.
    static func topK(_ values: [Float], count: Int) -> [Int] {
        guard count < values.count else { return Array(values.indices) }
        // The count-th largest magnitude is the threshold; ties at it are taken in index order.
        // A NaN counts as the largest magnitude, so sorting stays consistent (and the server refuses it).
        func magnitude(_ v: Float) -> Float { v.isNaN ? .infinity : abs(v) }
        var magnitudes = values.map(magnitude)
        magnitudes.sort(by: >)
        let threshold = magnitudes[count - 1]
        var above: [Int] = [], atThreshold: [Int] = []
        above.reserveCapacity(count)
        for (i, v) in values.enumerated() {
            let m = magnitude(v)
            if m > threshold { above.append(i) } else if m == threshold { atThreshold.append(i) }
        }
        let chosen = above + atThreshold.prefix(max(0, count - above.count))
        return chosen.sorted()
    }

    static func quantize(_ values: [Float], bits: Int) -> EncodedUpdate.Values {
        let levels = Float((1 << bits) - 1)
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        // The span in Double: high − low can exceed Float's range even when both are finite.
        let scale = high > low ? Float((Double(high) - Double(low)) / Double(levels)) : 0
        let width = bits / 8
        var bytes = [UInt8](repeating: 0, count: values.count * width)
        for (i, v) in values.enumerated() {
            // Non-finite values are clamped to an end of the range (NaN to the low end).
            let level = scale > 0 ? ((v - low) / scale).rounded() : 0
            let q = level.isNaN ? 0 : UInt32(level.clamped(0, levels))
            for b in 0..<width { bytes[i * width + b] = UInt8(truncatingIfNeeded: q >> (8 * b)) }
        }
        return .quantized(bits: bits, offset: low, scale: scale, codes: Data(bytes))
    }

    static func dequantize(_ values: EncodedUpdate.Values) throws(FederationError) -> [Float] {
        switch values {
        case .float(let v):
            return v
        case .quantized(let bits, let offset, let scale, let codes):
            guard bits == 8 || bits == 16 else {
                throw FederationError(.invalidUpdate, "update quantized to \(bits) bits; expected 8 or 16")
            }
            guard offset.isFinite, scale.isFinite, scale >= 0 else {
                throw FederationError(.invalidUpdate, "quantized update has offset \(offset) and scale \(scale)")
            }
            let width = bits / 8
            guard codes.count % width == 0 else {
                throw FederationError(
                    .invalidUpdate, "quantized update has \(codes.count) bytes, not a multiple of \(width)")
            }
            let raw = [UInt8](codes)
            return (0..<raw.count / width).map { i in
                var q: UInt32 = 0
                for b in 0..<width { q |= UInt32(raw[i * width + b]) << (8 * b) }
                // In Double: offset + 255·scale can pass Float's range when the span was that wide.
                return Float(Double(offset) + Double(q) * Double(scale))
            }
        }
    }
}

extension Float {
    fileprivate func clamped(_ low: Float, _ high: Float) -> Float { Swift.min(Swift.max(self, low), high) }
}
