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
    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type, at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> I {
        let node = nodes[index]
        let bits = UInt64(UInt(bitPattern: node.count))
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
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw BinaryCodingError(.invalidUTF8, offset: node.start, "expected UTF-8 text, found invalid bytes")
        }
        return string
    }

    /// Whether the key node `index` spells `key`, compared byte for byte.
    func keyMatches(_ index: Int, _ key: String) -> Bool {
        let node = nodes[index]
        var key = key
        return key.withUTF8 { utf8 in
            utf8.count == node.count
                && (node.count == 0
                    || UnsafeRawBufferPointer(utf8).elementsEqual(
                        UnsafeRawBufferPointer(rebasing: bytes[node.payload..<node.payload + node.count])))
        }
    }

    /// Decodes a raw-array node into a new array (one allocation, one memcpy).
    func decodeRawArray(_ kind: RawArrayKind, at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Any {
        let node = nodes[index]
        guard kind.accepts(node.tag), let size = node.tag.rawElementSize else {
            throw mismatch(kind.tag.name, at: index, codingPath: codingPath())
        }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[node.payload..<node.payload + node.count * size])
        switch kind {
        case .float: return copyArray(Float.self, from: raw, count: node.count)
        case .double: return copyArray(Double.self, from: raw, count: node.count)
        case .uint8: return copyArray(UInt8.self, from: raw, count: node.count)
        case .int32: return copyArray(Int32.self, from: raw, count: node.count)
        case .int64: return copyArray(Int64.self, from: raw, count: node.count)
        case .int: return copyArray(Int.self, from: raw, count: node.count)
        case .data: return Data(raw)
        }
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
    func decodePrimitive<T>(_ type: T.Type, at index: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> T? {
        if T.self == String.self { return try decodeString(at: index, codingPath: codingPath()) as? T }
        if T.self == Int.self { return try decodeInteger(Int.self, at: index, codingPath: codingPath()) as? T }
        if T.self == Double.self { return try decodeDouble(at: index, codingPath: codingPath()) as? T }
        if T.self == Float.self { return try decodeFloat(at: index, codingPath: codingPath()) as? T }
        if T.self == Bool.self { return try decodeBool(at: index, codingPath: codingPath()) as? T }
        if T.self == Int64.self { return try decodeInteger(Int64.self, at: index, codingPath: codingPath()) as? T }
        if T.self == UInt64.self { return try decodeInteger(UInt64.self, at: index, codingPath: codingPath()) as? T }
        if T.self == Int32.self { return try decodeInteger(Int32.self, at: index, codingPath: codingPath()) as? T }
        if T.self == UInt32.self { return try decodeInteger(UInt32.self, at: index, codingPath: codingPath()) as? T }
        if T.self == UInt8.self { return try decodeInteger(UInt8.self, at: index, codingPath: codingPath()) as? T }
        return nil
    }
}
