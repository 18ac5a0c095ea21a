import Foundation

/// Writers for tagged primitives and the memcpy fast paths.
extension EncodingCore {
    mutating func writeNil() throws { try buffer.append(.null) }

    mutating func write(_ value: Bool) throws { try buffer.append(value ? .trueValue : .falseValue) }

    mutating func write<I: FixedWidthInteger & SignedInteger>(signed value: I) throws {
        try buffer.append(.signed)
        try buffer.appendVarint(ZigZag.encode(Int64(value)))
    }

    mutating func write<I: FixedWidthInteger & UnsignedInteger>(unsigned value: I) throws {
        try buffer.append(.unsigned)
        try buffer.appendVarint(UInt64(value))
    }

    mutating func write(_ value: Float) throws {
        try buffer.append(.float32)
        try buffer.appendLittleEndian(value.bitPattern)
    }

    mutating func write(_ value: Double) throws {
        try buffer.append(.float64)
        try buffer.appendLittleEndian(value.bitPattern)
    }

    mutating func write(_ value: String) throws {
        try buffer.append(.string)
        try buffer.appendString(value)
    }

    /// Writes `value` through a fast path when its type is one of ``RawArrayKind``; returns whether it did.
    @inline(__always)
    mutating func encodeRawArray<T: Encodable>(_ value: T) throws -> Bool {
        guard let kind = RawArrayKind.of(T.self) else { return false }
        switch kind {
        case .float: return try writeRawArray(value, as: [Float].self, tag: kind.tag)
        case .double: return try writeRawArray(value, as: [Double].self, tag: kind.tag)
        case .uint8: return try writeRawArray(value, as: [UInt8].self, tag: kind.tag)
        case .int32: return try writeRawArray(value, as: [Int32].self, tag: kind.tag)
        case .int64: return try writeRawArray(value, as: [Int64].self, tag: kind.tag)
        case .int: return try writeRawArray(value, as: [Int].self, tag: kind.tag)
        case .data:
            let data = identityCast(value, to: Data.self)
            if data.count >= outOfLineThreshold {
                try writeOutOfLine(data, tag: .data, count: data.count)
                return true
            }
            try data.withUnsafeBytes { try writeInline(.data, count: data.count, $0) }
            return true
        }
    }

    /// Tag, element count, then the elements' bytes in one copy. `T` must be `[E]` (checked by the caller).
    private mutating func writeRawArray<T, E: BitwiseCopyable & Sendable>(_ value: T, as type: [E].Type, tag: BinaryTag)
        throws -> Bool
    {
        let array = identityCast(value, to: [E].self)
        if array.count * MemoryLayout<E>.stride >= outOfLineThreshold, let data = Data(sharing: array) {
            try writeOutOfLine(data, tag: tag, count: array.count)
            return true
        }
        try array.withUnsafeBytes { try writeInline(tag, count: array.count, $0) }
        return true
    }

    /// The out-of-line marker for `data`, which holds `count` elements of a `tag` array.
    private mutating func writeOutOfLine(_ data: Data, tag: BinaryTag, count: Int) throws {
        try buffer.append(.outOfLine)
        try buffer.append(tag)
        try buffer.appendVarint(UInt64(count))
        try buffer.appendVarint(UInt64(outOfLineBase + outOfLine.count))
        outOfLine.append(data)
    }

    /// Writes a ``FloatPayload`` exactly as its `[Float]` would be written, out of line straight from
    /// its memory (array or received frame) when it is large enough.
    mutating func write(_ payload: FloatPayload) throws {
        if payload.count * MemoryLayout<Float>.stride >= outOfLineThreshold, let data = payload.sharedBytes {
            try writeOutOfLine(data, tag: .floatArray, count: payload.count)
            return
        }
        try payload.withUnsafeBufferPointer {
            try writeInline(.floatArray, count: payload.count, UnsafeRawBufferPointer($0))
        }
    }

    /// A raw array in line: its tag, its element count, then its bytes.
    private mutating func writeInline(_ tag: BinaryTag, count: Int, _ bytes: UnsafeRawBufferPointer) throws {
        try buffer.append(tag)
        try buffer.appendVarint(UInt64(count))
        try buffer.append(bytes)
    }

    /// Writes common primitives without going through `encode(to:)`; returns whether it did.
    /// Compares metatypes, so `Optional<Int>` never matches `Int`.
    @inline(__always)
    mutating func encodePrimitive<T: Encodable>(_ value: T) throws -> Bool {
        if T.self == String.self { try write(identityCast(value, to: String.self)); return true }
        if T.self == Int.self { try write(signed: identityCast(value, to: Int.self)); return true }
        if T.self == Double.self { try write(identityCast(value, to: Double.self)); return true }
        if T.self == Float.self { try write(identityCast(value, to: Float.self)); return true }
        if T.self == Bool.self { try write(identityCast(value, to: Bool.self)); return true }
        if T.self == Int64.self { try write(signed: identityCast(value, to: Int64.self)); return true }
        if T.self == UInt64.self { try write(unsigned: identityCast(value, to: UInt64.self)); return true }
        if T.self == Int32.self { try write(signed: identityCast(value, to: Int32.self)); return true }
        if T.self == UInt32.self { try write(unsigned: identityCast(value, to: UInt32.self)); return true }
        if T.self == UInt8.self { try write(unsigned: identityCast(value, to: UInt8.self)); return true }
        return false
    }
}
