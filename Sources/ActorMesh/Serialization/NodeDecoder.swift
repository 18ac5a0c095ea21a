/// The `Decoder` handed to a value's `init(from:)`: it reads the value at one node of the index.
final class NodeDecoder: Decoder, SingleValueDecodingContainer {
    let context: DecodingContext
    let index: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    init(context: DecodingContext, index: Int, codingPath: [any CodingKey]) {
        self.context = context
        self.index = index
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try context.expectContainer(.keyed, at: index, codingPath: codingPath)
        return KeyedDecodingContainer(
            BinaryKeyedDecodingContainer<Key>(context: context, index: index, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try context.expectContainer(.unkeyed, at: index, codingPath: codingPath)
        return BinaryUnkeyedDecodingContainer(context: context, index: index, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { context.nodes[index].tag == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try context.decodeBool(at: index, codingPath: codingPath) }
    func decode(_ type: String.Type) throws -> String { try context.decodeString(at: index, codingPath: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try context.decodeDouble(at: index, codingPath: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try context.decodeFloat(at: index, codingPath: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try context.decodeInteger(type, at: index, codingPath: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try context.decodeInteger(type, at: index, codingPath: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 {
        try context.decodeInteger(type, at: index, codingPath: codingPath)
    }
    func decode(_ type: Int32.Type) throws -> Int32 {
        try context.decodeInteger(type, at: index, codingPath: codingPath)
    }
    func decode(_ type: Int64.Type) throws -> Int64 {
        try context.decodeInteger(type, at: index, codingPath: codingPath)
    }
    func decode(_ type: UInt.Type) throws -> UInt { try context.decodeInteger(type, at: index, codingPath: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 {
        try context.decodeInteger(type, at: index, codingPath: codingPath)
    }
    func decode(_ type: UInt16.Type) throws -> UInt16 {
        try context.decodeInteger(type, at: index, codingPath: codingPath)
    }
    func decode(_ type: UInt32.Type) throws -> UInt32 {
        try context.decodeInteger(type, at: index, codingPath: codingPath)
    }
    func decode(_ type: UInt64.Type) throws -> UInt64 {
        try context.decodeInteger(type, at: index, codingPath: codingPath)
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try context.decode(type, at: index, codingPath: codingPath)
    }
}
