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
    private func current(_ expected: @autoclosure () -> String) throws -> Int {
        guard !isAtEnd else {
            throw BinaryCodingError(
                .valueNotFound, offset: context.nodes[index].start,
                "expected \(expected()) at index \(currentIndex), found the end of a \(count ?? 0)-element "
                    + "unkeyed container (path: \(codingPath.pathString))")
        }
        return cursor
    }

    /// Moves past the current element; called only after it decoded successfully.
    private mutating func advance<T>(returning value: T) -> T {
        cursor = context.nodes[cursor].end
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard context.nodes[try current("a value or nil")].tag == .null else { return false }
        return advance(returning: true)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        advance(returning: try context.decodeBool(at: current("Bool"), codingPath: elementPath))
    }
    mutating func decode(_ type: String.Type) throws -> String {
        advance(returning: try context.decodeString(at: current("String"), codingPath: elementPath))
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        advance(returning: try context.decodeDouble(at: current("Double"), codingPath: elementPath))
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        advance(returning: try context.decodeFloat(at: current("Float"), codingPath: elementPath))
    }
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
        advance(returning: try context.decodeInteger(type, at: current("\(I.self)"), codingPath: elementPath))
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        advance(returning: try context.decode(type, at: current("\(T.self)"), codingPath: elementPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        let node = try current("a keyed container")
        try context.expectContainer(.keyed, at: node, codingPath: elementPath)
        let nested = BinaryKeyedDecodingContainer<NestedKey>(context: context, index: node, codingPath: elementPath)
        return advance(returning: KeyedDecodingContainer(nested))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let node = try current("an unkeyed container")
        try context.expectContainer(.unkeyed, at: node, codingPath: elementPath)
        return advance(
            returning: BinaryUnkeyedDecodingContainer(context: context, index: node, codingPath: elementPath))
    }

    mutating func superDecoder() throws -> any Decoder {
        advance(returning: NodeDecoder(context: context, index: try current("a value"), codingPath: elementPath))
    }
}
