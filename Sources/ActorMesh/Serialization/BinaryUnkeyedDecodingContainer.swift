/// Reads the elements of an unkeyed container in order.
struct BinaryUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let context: DecodingContext
    let index: Int
    let codingPath: [any CodingKey]
    let count: Int?
    private(set) var currentIndex = 0
    /// Node index of the next element.
    private var cursor: Int

    init(context: DecodingContext, index: Int, codingPath: [any CodingKey]) {
        self.context = context
        self.index = index
        self.codingPath = codingPath
        count = context.nodes[index].count
        cursor = index + 1
    }

    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    private var elementPath: [any CodingKey] { codingPath + [IndexCodingKey(currentIndex)] }

    /// Node of the next element; throws at the end of the container.
    private func peek(_ expected: String) throws -> Int {
        guard !isAtEnd else {
            throw BinaryCodingError(
                .valueNotFound, offset: context.nodes[index].start,
                "expected \(expected) at index \(currentIndex), found the end of a \(count ?? 0)-element "
                    + "unkeyed container (path: \(codingPath.pathString))")
        }
        return cursor
    }

    private mutating func advance() {
        cursor = context.nodes[cursor].end
        currentIndex += 1
    }

    /// Decodes the next element with `read` and moves past it only if that succeeded.
    private mutating func next<T>(_ expected: String, _ read: (Int, [any CodingKey]) throws -> T) throws -> T {
        let node = try peek(expected)
        let value = try read(node, elementPath)
        advance()
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard context.nodes[try peek("a value or nil")].tag == .null else { return false }
        advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next("Bool", context.decodeBool) }
    mutating func decode(_ type: String.Type) throws -> String { try next("String", context.decodeString) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next("Double", context.decodeDouble) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next("Float", context.decodeFloat) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    private mutating func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let context = context
        return try next("\(I.self)") { try context.decodeInteger(I.self, at: $0, codingPath: $1) }
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let context = context
        return try next("\(T.self)") { try context.decode(T.self, at: $0, codingPath: $1) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let context = context
        return try next("a keyed container") { node, path in
            try context.expectContainer(.keyed, at: node, codingPath: path)
            return KeyedDecodingContainer(BinaryKeyedDecodingContainer<NestedKey>(context: context, index: node, codingPath: path))
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let context = context
        return try next("an unkeyed container") { node, path in
            try context.expectContainer(.unkeyed, at: node, codingPath: path)
            return BinaryUnkeyedDecodingContainer(context: context, index: node, codingPath: path)
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        let context = context
        return try next("a value") { NodeDecoder(context: context, index: $0, codingPath: $1) }
    }
}
