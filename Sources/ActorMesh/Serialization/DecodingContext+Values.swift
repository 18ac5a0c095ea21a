import Foundation

/// Readers for tagged primitives and the memcpy fast paths.
extension DecodingContext {
    func decodeBool(at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch nodes[index].tag {
        case .trueValue: return true
        case .falseValue: return false
        default: throw mismatch("Bool", at: index, codingPath: codingPath())
        }
    }

    /// Any integer tag, range-checked into `I`.
    func decodeInteger<I: FixedWidthInteger>(
        _ type: I.Type, at index: Int, codingPath: @autoclosure () -> [any CodingKey]
    ) throws -> I {
        let node = nodes[index]
        let bits = UInt64(truncatingIfNeeded: node.count)
        switch node.tag {
        case .signed:
            let value = ZigZag.decode(bits)
            guard let result = I(exactly: value) else { throw overflow(String(value), I.self, node) }
            return result
        case .unsigned:
            guard let result = I(exactly: bits) else { throw overflow(String(bits), I.self, node) }
            return result
        default:
            throw mismatch("\(I.self)", at: index, codingPath: codingPath())
        }
    }

    private func overflow<I>(_ value: String, _ type: I.Type, _ node: BinaryNode) -> BinaryCodingError {
        BinaryCodingError(.integerOverflow, offset: node.start, "expected a value that fits \(I.self), found \(value)")
    }

    func decodeFloat(at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Float {
        let node = nodes[index]
        guard node.tag == .float32 else { throw mismatch("Float", at: index, codingPath: codingPath()) }
        return Float(bitPattern: bytes.loadUnaligned(fromByteOffset: node.payload, as: UInt32.self).littleEndian)
    }

    func decodeDouble(at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Double {
        let node = nodes[index]
        switch node.tag {
        case .float64:
            return Double(bitPattern: bytes.loadUnaligned(fromByteOffset: node.payload, as: UInt64.self).littleEndian)
        case .float32:
            return Double(try decodeFloat(at: index, codingPath: codingPath()))
        default:
            throw mismatch("Double", at: index, codingPath: codingPath())
        }
    }

    func decodeString(at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        let node = nodes[index]
        guard node.tag == .string else { throw mismatch("String", at: index, codingPath: codingPath()) }
        return try string(of: node)
    }

    /// The UTF-8 text of a string or key node, validated.
    func string(of node: BinaryNode) throws -> String {
        let utf8 = UnsafeRawBufferPointer(rebasing: bytes[node.payload..<node.payload + node.count])
        // Decoding repairs invalid UTF-8 with U+FFFD; valid input comes back byte for byte.
        var string = String(decoding: utf8, as: UTF8.self)
        let isExact = string.withUTF8 { decoded in
            guard decoded.count == utf8.count else { return false }
            guard let lhs = decoded.baseAddress, let rhs = utf8.baseAddress else { return true }
            return memcmp(lhs, rhs, utf8.count) == 0
        }
        guard isExact else {
            throw BinaryCodingError(.invalidUTF8, offset: node.start, "expected UTF-8 text, found invalid bytes")
        }
        return string
    }

    /// Whether the key node `index` spells `key`, compared byte for byte.
    func keyMatches(_ index: Int, _ key: String) -> Bool {
        let node = nodes[index]
        var key = key
        return key.withUTF8 { utf8 in
            guard utf8.count == node.count else { return false }
            guard let wanted = utf8.baseAddress, let stored = bytes.baseAddress, node.count > 0 else { return true }
            return memcmp(wanted, stored + node.payload, node.count) == 0
        }
    }

    /// Decodes a raw-array node into a new array (one allocation, one memcpy).
    /// `kind` must be `RawArrayKind.of(T.self)`.
    func decodeRawArray<T>(
        _ kind: RawArrayKind, as type: T.Type, at index: Int, codingPath: @autoclosure () -> [any CodingKey]
    ) throws -> T {
        let node = nodes[index]
        guard kind.accepts(node.tag), let size = node.tag.rawElementSize else {
            throw mismatch(kind.tag.name, at: index, codingPath: codingPath())
        }
        guard let buffer = node.outOfLineIndex else {
            return copy(
                kind, as: T.self, count: node.count,
                from: UnsafeRawBufferPointer(rebasing: bytes[node.payload..<node.payload + node.count * size]))
        }
        guard buffer < outOfLine.count else {
            throw BinaryCodingError(
                .lengthExceedsInput, offset: node.start,
                """
                an out-of-line \(node.tag.name) is in buffer \(buffer), but the message carries \(outOfLine.count) \
                out-of-line buffer(s)
                """
            )
        }
        return try outOfLine.withBytes(of: buffer) { raw in
            guard node.count.multipliedReportingOverflow(by: size) == (raw.count, false) else {
                throw BinaryCodingError(
                    .lengthExceedsInput, offset: node.start,
                    """
                    an out-of-line \(node.tag.name) of \(node.count) elements does not fill its \(raw.count)-byte \
                    buffer \(buffer)
                    """
                )
            }
            return copy(kind, as: T.self, count: node.count, from: raw)
        }
    }

    /// `count` elements of `kind` from `raw` as a new `T` (which `kind` describes).
    private func copy<T>(_ kind: RawArrayKind, as type: T.Type, count: Int, from raw: UnsafeRawBufferPointer) -> T {
        switch kind {
        case .float: return identityCast(copyArray(Float.self, from: raw, count: count), to: T.self)
        case .double: return identityCast(copyArray(Double.self, from: raw, count: count), to: T.self)
        case .uint8: return identityCast(copyArray(UInt8.self, from: raw, count: count), to: T.self)
        case .int32: return identityCast(copyArray(Int32.self, from: raw, count: count), to: T.self)
        case .int64: return identityCast(copyArray(Int64.self, from: raw, count: count), to: T.self)
        case .int: return identityCast(copyArray(Int.self, from: raw, count: count), to: T.self)
        case .data: return identityCast(Data(raw), to: T.self)
        }
    }

    /// A `[Float]` node as a ``FloatPayload``: over its out-of-line frame when there is one that
    /// holds exactly the array's aligned bytes, else copied like a `[Float]`.
    func decodeFloatPayload(at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> FloatPayload {
        let node = nodes[index]
        if node.tag == .floatArray, let buffer = node.outOfLineIndex, let frame = outOfLine.frame(buffer),
            frame.count == node.count * MemoryLayout<Float>.stride,
            let payload = FloatPayload(borrowing: frame)
        {
            return payload
        }
        return FloatPayload(try decodeRawArray(.float, as: [Float].self, at: index, codingPath: codingPath()))
    }

    private func copyArray<E>(_ type: E.Type, from raw: UnsafeRawBufferPointer, count: Int) -> [E] {
        [E](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            initialized = count
        }
    }

    /// Decodes common primitives without `init(from:)`; `nil` when `T` is not one of them.
    /// Compares metatypes, so `Optional<Int>` never matches `Int`.
    @inline(__always)
    func decodePrimitive<T>(_ type: T.Type, at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> T?
    {
        if T.self == String.self {
            return identityCast(try decodeString(at: index, codingPath: codingPath()), to: T.self)
        }
        if T.self == Int.self {
            return identityCast(try decodeInteger(Int.self, at: index, codingPath: codingPath()), to: T.self)
        }
        if T.self == Double.self {
            return identityCast(try decodeDouble(at: index, codingPath: codingPath()), to: T.self)
        }
        if T.self == Float.self {
            return identityCast(try decodeFloat(at: index, codingPath: codingPath()), to: T.self)
        }
        if T.self == Bool.self { return identityCast(try decodeBool(at: index, codingPath: codingPath()), to: T.self) }
        if T.self == Int64.self {
            return identityCast(try decodeInteger(Int64.self, at: index, codingPath: codingPath()), to: T.self)
        }
        if T.self == UInt64.self {
            return identityCast(try decodeInteger(UInt64.self, at: index, codingPath: codingPath()), to: T.self)
        }
        if T.self == Int32.self {
            return identityCast(try decodeInteger(Int32.self, at: index, codingPath: codingPath()), to: T.self)
        }
        if T.self == UInt32.self {
            return identityCast(try decodeInteger(UInt32.self, at: index, codingPath: codingPath()), to: T.self)
        }
        if T.self == UInt8.self {
            return identityCast(try decodeInteger(UInt8.self, at: index, codingPath: codingPath()), to: T.self)
        }
        return nil
    }
}
