import Foundation

/// Decodes `Decodable` values from the format written by ``BinaryEncoder``.
///
/// The input is first validated and indexed in one pass (see ``maxDepth``), then values are
/// decoded from the index. Raw arrays (`[Float]`, `Data`, …) are copied out of the input with one
/// memcpy into one new allocation. Decoding never traps on malformed input: every problem is a
/// thrown ``BinaryCodingError`` that names the byte offset. Declared lengths are checked against
/// the bytes that remain before anything is allocated; the index needs at most one 40-byte node
/// per input byte (reached only by containers of one-byte values such as `[Bool]`), so transports
/// should bound frame sizes.
///
/// Not `Sendable` (``userInfo`` holds `Any`): create one per call.
package struct BinaryDecoder {
    /// Passed to every `Decoder` that values see (set `.actorSystemKey` to decode actor references).
    package var userInfo: [CodingUserInfoKey: Any] = [:]
    /// Deepest container nesting accepted; deeper input is rejected before any value is decoded.
    package var maxDepth = 128

    /// Creates a decoder with empty ``userInfo``.
    package init() {}

    /// Decodes a `T` from `bytes`, which must hold exactly one encoded value.
    ///
    /// `bytes` need only be valid during the call: nothing decoded refers to it afterwards.
    /// - Throws: ``BinaryCodingError``, or an error thrown by `T`'s own `init(from:)`.
    package func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        try decode(type, from: bytes, outOfLine: [])
    }

    /// Decodes a `T` from `bytes` whose out-of-line arrays (``BinaryEncoder/encode(_:outOfLineFrom:firstIndex:)``)
    /// are in `outOfLine`, by index. Every buffer need only be valid during the call.
    package func decode<T: Decodable>(
        _ type: T.Type, from bytes: UnsafeRawBufferPointer, outOfLine: [UnsafeRawBufferPointer]
    ) throws -> T {
        try decode(type, from: bytes, outOfLine: .pointers(outOfLine))
    }

    /// As ``decode(_:from:outOfLine:)``, with the out-of-line buffers given as frames, so a
    /// ``FloatPayload`` can keep its frame instead of copying it (from raw pointers, it copies).
    func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer, outOfLine: OutOfLineBuffers) throws
        -> T
    {
        let index = try BinaryIndex(bytes, maxDepth: maxDepth)
        let context = DecodingContext(bytes: bytes, nodes: index.nodes, userInfo: userInfo, outOfLine: outOfLine)
        do {
            return try context.decode(T.self, at: 0, codingPath: [])
        } catch let error as BinaryCodingError {
            throw error
        } catch let error as DecodingError {
            throw BinaryCodingError(wrapping: error, offset: context.lastOffset)
        }
    }

    /// Decodes a `T` from `data`, which must hold exactly one encoded value.
    package func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { try decode(type, from: $0) }
    }
}

/// The input and its index, shared by all decoders and containers of one top-level decode.
final class DecodingContext {
    let bytes: UnsafeRawBufferPointer
    let nodes: [BinaryNode]
    let userInfo: [CodingUserInfoKey: Any]
    /// The buffers of out-of-line arrays, by index.
    let outOfLine: OutOfLineBuffers
    /// Offset of the value decoded most recently: where wrapped `DecodingError`s point.
    var lastOffset = 0

    init(
        bytes: UnsafeRawBufferPointer, nodes: [BinaryNode], userInfo: [CodingUserInfoKey: Any],
        outOfLine: OutOfLineBuffers = .pointers([])
    ) {
        self.bytes = bytes
        self.nodes = nodes
        self.userInfo = userInfo
        self.outOfLine = outOfLine
    }

    /// Decodes the value at node `index`: raw fast path, known primitive, or `T.init(from:)`.
    func decode<T: Decodable>(_ type: T.Type, at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> T
    {
        lastOffset = nodes[index].start
        if let kind = RawArrayKind.of(T.self) {
            return try decodeRawArray(kind, as: T.self, at: index, codingPath: codingPath())
        }
        if let value = try decodePrimitive(T.self, at: index, codingPath: codingPath()) {
            return value
        }
        if T.self == FloatPayload.self {
            return identityCast(try decodeFloatPayload(at: index, codingPath: codingPath()), to: T.self)
        }
        return try T(from: NodeDecoder(context: self, index: index, codingPath: codingPath()))
    }

    /// An error saying that `expected` was wanted at node `index` but something else is there.
    func mismatch(_ expected: String, at index: Int, codingPath: @autoclosure () -> [any CodingKey])
        -> BinaryCodingError
    {
        let node = nodes[index]
        let found = node.tag == .null ? "nil" : node.tag.name
        return BinaryCodingError(
            node.tag == .null ? .valueNotFound : .typeMismatch, offset: node.start,
            "expected \(expected), found \(found) (path: \(codingPath().pathString))")
    }

    /// Throws unless node `index` is a container of `tag`'s kind.
    func expectContainer(_ tag: BinaryTag, at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws {
        lastOffset = nodes[index].start
        guard nodes[index].tag == tag else { throw mismatch(tag.name, at: index, codingPath: codingPath()) }
    }
}
