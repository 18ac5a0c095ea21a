/// One value (or key) of an encoded buffer, found by ``BinaryIndex``.
struct BinaryNode {
    /// The value's type tag (``BinaryTag/key`` for a key of a keyed container).
    var tag: BinaryTag
    /// Offset of the tag byte (of the length, for keys): where errors about this value point.
    var start: Int
    /// Offset of the payload: string/key/raw-array bytes, or the 4/8 bytes of a float. For a raw
    /// array held out of line (``BinaryTag/outOfLine``; `tag` is then the array's own tag) it is
    /// −1 − the index of the buffer: see ``outOfLineIndex``.
    var payload: Int
    /// Entries (keyed), elements (unkeyed or raw array), byte length (string, key, `Data`), or the
    /// varint's bit pattern (integers).
    var count: Int
    /// Index of the node after this value and all its children.
    var end: Int

    /// The out-of-line buffer holding a raw array's bytes, or nil when they are inline.
    var outOfLineIndex: Int? { payload < 0 ? -1 - payload : nil }
}

/// Validates a whole buffer in one pass and records every value as a ``BinaryNode`` in pre-order.
///
/// Every declared length and count is checked against the bytes that remain before anything is
/// allocated for it, nesting deeper than `maxDepth` is rejected, and so are trailing bytes. The
/// walk is iterative, so hostile nesting cannot overflow the stack. Each node consumes at least one
/// byte, so the index never has more nodes than the input has bytes.
struct BinaryIndex {
    private(set) var nodes: [BinaryNode] = []
    private var reader: ByteReader

    private struct OpenContainer {
        let node: Int
        let isKeyed: Bool
        /// Children still to read: entries × 2 for keyed (key, value), elements for unkeyed.
        var remaining: Int
    }

    /// Indexes `bytes`, which must hold exactly one value.
    init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) throws {
        reader = ByteReader(bytes)
        nodes.reserveCapacity(Swift.min(bytes.count, 64))
        var stack: [OpenContainer] = []
        stack.reserveCapacity(8)
        repeat {
            let expectsKey = stack.last.map { $0.isKeyed && $0.remaining % 2 == 0 } ?? false
            let index = nodes.count
            var node = try expectsKey ? readKey() : readValue()
            node.end = index + 1
            nodes.append(node)
            let children: Int
            switch node.tag {
            case .keyed: children = node.count * 2
            case .unkeyed: children = node.count
            default: children = 0
            }
            if children > 0 {
                guard stack.count < maxDepth else {
                    throw BinaryCodingError(
                        .depthLimitExceeded, offset: node.start,
                        "expected containers nested at most \(maxDepth) deep, found deeper nesting")
                }
                stack.append(OpenContainer(node: index, isKeyed: node.tag == .keyed, remaining: children))
                continue
            }
            // A value is complete: close every container it completes.
            while !stack.isEmpty {
                stack[stack.count - 1].remaining -= 1
                guard stack[stack.count - 1].remaining == 0 else { break }
                nodes[stack[stack.count - 1].node].end = nodes.count
                stack.removeLast()
            }
        } while !stack.isEmpty
        guard reader.remaining == 0 else {
            throw BinaryCodingError(
                .trailingBytes, offset: reader.offset,
                "expected the end of input after the top-level value, found \(reader.remaining) more bytes")
        }
    }

    private mutating func readKey() throws -> BinaryNode {
        let start = reader.offset
        let length = try reader.readLength(elementSize: 1, what: "key")
        let payload = reader.offset
        try reader.skip(length)
        return BinaryNode(tag: .key, start: start, payload: payload, count: length, end: 0)
    }

    private mutating func readValue() throws -> BinaryNode {
        let start = reader.offset
        let byte = try reader.readByte(expecting: "a type tag")
        guard let tag = BinaryTag(rawValue: byte), tag != .key else {
            throw BinaryCodingError(
                .invalidTag, offset: start, "expected a type tag, found unknown byte 0x\(String(byte, radix: 16))")
        }
        var node = BinaryNode(tag: tag, start: start, payload: reader.offset, count: 0, end: 0)
        switch tag {
        case .null, .falseValue, .trueValue, .key:
            break
        case .signed, .unsigned:
            node.count = Int(truncatingIfNeeded: try reader.readVarint())
        case .float32:
            try reader.skip(4)
        case .float64:
            try reader.skip(8)
        case .string:
            node.count = try reader.readLength(elementSize: 1, what: "string")
            node.payload = reader.offset
            try reader.skip(node.count)
        case .keyed:
            // Each entry takes at least two bytes: a key length and a value tag.
            node.count = try reader.readCount(minimumBytesEach: 2, what: "keyed container")
        case .unkeyed:
            node.count = try reader.readCount(minimumBytesEach: 1, what: "unkeyed container")
        case .floatArray, .doubleArray, .byteArray, .int32Array, .int64Array, .data:
            let size = tag.rawElementSize ?? 1
            node.count = try reader.readLength(elementSize: size, what: tag.name)
            node.payload = reader.offset
            try reader.skip(node.count * size)
        case .outOfLine:
            let inner = try reader.readByte(expecting: "the tag of an out-of-line array")
            guard let arrayTag = BinaryTag(rawValue: inner), arrayTag != .outOfLine, arrayTag.rawElementSize != nil
            else {
                throw BinaryCodingError(
                    .invalidTag, offset: start + 1,
                    "expected the tag of a raw array after an out-of-line marker, found 0x\(String(inner, radix: 16))")
            }
            let count = try reader.readVarint(), buffer = try reader.readVarint()
            // The bytes are checked against the buffer when the array is decoded; bound them here.
            guard count <= UInt64(Int.max / 8), buffer <= UInt64(UInt16.max) else {
                throw BinaryCodingError(
                    .lengthExceedsInput, offset: start,
                    "an out-of-line \(arrayTag.name) declares \(count) elements in buffer \(buffer): out of range")
            }
            node.tag = arrayTag
            node.count = Int(count)
            node.payload = -1 - Int(buffer)
        }
        return node
    }
}
