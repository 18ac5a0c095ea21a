import Foundation

/// Encodes `Encodable` values into a compact tagged little-endian binary format.
///
/// Every value is a one-byte tag and a payload: nil, false, true; integers as zigzag (signed) or
/// plain (unsigned) LEB128 varints; `Float`/`Double` as their 4/8-byte IEEE bit patterns; strings
/// as a varint byte length and UTF-8; keyed containers as a UInt32 entry count and
/// `(varint length, UTF-8 key, value)` entries; unkeyed containers as a UInt32 count and values.
/// The full table is on the internal `BinaryTag` type.
///
/// `[Float]`, `[Double]`, `[UInt8]`, `[Int32]`, `[Int64]`, `[Int]` and `Data` are written as a tag,
/// an element count and their raw bytes with one memcpy, wherever they appear (top level, struct
/// field, array element). Other values are written as they are encoded, straight into one output
/// buffer, with no intermediate tree.
///
/// Because the output is streamed, a container stops accepting values once its parent has written
/// something after it (containers are used in LIFO order, as synthesized `Codable` always does).
/// Writing to such a closed container throws ``BinaryCodingError/Code-swift.enum/unsupportedUsage``.
///
/// Not `Sendable` (``userInfo`` holds `Any`): create one per call.
package struct BinaryEncoder {
    /// Passed to every `Encoder` that values see while they are encoded.
    package var userInfo: [CodingUserInfoKey: Any] = [:]

    /// Creates an encoder with empty ``userInfo``.
    package init() {}

    /// Encodes `value` into a new buffer.
    /// - Throws: ``BinaryCodingError``, or an error thrown by `value`'s own `encode(to:)`.
    package func encode<T: Encodable>(_ value: T) throws -> Data {
        try run(value, threshold: .max, firstIndex: 0).inline
    }

    /// Encodes `value`, leaving every raw array (`[Float]`, `Data`, …) of at least `threshold` bytes
    /// out of line: `inline` refers to each by index (the first is `firstIndex`), and `outOfLine`
    /// holds their bytes, each as `Data` over the array's own memory (no copy). Decode with
    /// ``BinaryDecoder/decode(_:from:outOfLine:)``, giving the buffers in index order.
    ///
    /// The out-of-line `Data` share memory with `value` (its arrays, or the received frames its
    /// ``FloatPayload``s read): never mutate them; copy one before changing it.
    package func encode<T: Encodable>(_ value: T, outOfLineFrom threshold: Int, firstIndex: Int = 0) throws -> (
        inline: Data, outOfLine: [Data]
    ) {
        try run(value, threshold: Swift.max(1, threshold), firstIndex: firstIndex)
    }

    private func run<T: Encodable>(_ value: T, threshold: Int, firstIndex: Int) throws -> (
        inline: Data, outOfLine: [Data]
    ) {
        let state = EncodingState(userInfo: userInfo)
        state.core.outOfLineThreshold = threshold
        state.core.outOfLineBase = firstIndex
        do {
            try state.encodeValue(value, codingPath: [])
            try state.core.finish()
        } catch let error as BinaryCodingError {
            throw error
        } catch let error as EncodingError {
            throw BinaryCodingError(wrapping: error, offset: state.core.buffer.count)
        }
        return (state.core.buffer.takeData(), state.core.outOfLine)
    }
}

/// Shared state of one top-level encode. Values' `encode(to:)` run here, between operations on
/// ``EncodingCore`` (never inside one, so the core is only ever accessed one operation at a time).
final class EncodingState {
    /// Output and open scopes. One struct, so each operation costs one exclusivity check.
    var core = EncodingCore()
    let userInfo: [CodingUserInfoKey: Any]

    init(userInfo: [CodingUserInfoKey: Any]) {
        self.userInfo = userInfo
    }

    /// Writes `value` at the current position: raw fast path, known primitive, or its `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws {
        if try core.encodeRawArray(value) { return }
        if try core.encodePrimitive(value) { return }
        if T.self == FloatPayload.self { try core.write(identityCast(value, to: FloatPayload.self)); return }
        let slot = core.openSlot()
        try value.encode(to: SlotEncoder(state: self, slot: slot, codingPath: codingPath()))
        try core.finishSlot(slot)
    }

    /// Records a misuse found where no error can be thrown; the top-level encode throws it.
    func deferError(_ error: any Error) {
        core.deferError(error as? BinaryCodingError ?? BinaryCodingError(wrapping: error, offset: core.buffer.count))
    }
}
