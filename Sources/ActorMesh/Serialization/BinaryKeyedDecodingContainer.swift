/// Finds entries of a keyed container by key.
///
/// Entries are usually read in the order they were written, so lookups first try the entry after
/// the previous match (O(1)); on a miss they scan, and large containers build a hash table once.
final class KeyLookup {
    private let context: DecodingContext
    private let first: Int
    private let end: Int
    private let count: Int
    /// Node index of the key to try first.
    private var cursor: Int
    private var table: [String: Int]?
    private static let tableThreshold = 16

    init(context: DecodingContext, container: Int) {
        self.context = context
        first = container + 1
        end = context.nodes[container].end
        count = context.nodes[container].count
        cursor = first
    }

    /// Node indices of every key, in order.
    var keyNodes: [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        var key = first
        while key < end {
            result.append(key)
            key = context.nodes[key + 1].end
        }
        return result
    }

    /// Node index of the value stored under `key`, or `nil`. With `advance`, the next lookup starts
    /// after this entry (pass `false` for probes such as `contains`, which are followed by a decode).
    func valueNode(for key: String, advance: Bool = true) -> Int? {
        guard let keyNode = find(key) else { return nil }
        if advance { cursor = context.nodes[keyNode + 1].end }
        return keyNode + 1
    }

    private func find(_ key: String) -> Int? {
        if cursor < end, context.keyMatches(cursor, key) { return cursor }
        if count > Self.tableThreshold { return hashTable()[key] }
        var keyNode = first
        while keyNode < end {
            if context.keyMatches(keyNode, key) { return keyNode }
            keyNode = context.nodes[keyNode + 1].end
        }
        return nil
    }

    private func hashTable() -> [String: Int] {
        if let table { return table }
        var built: [String: Int] = [:]
        built.reserveCapacity(count)
        for keyNode in keyNodes {
            // Keys that are not valid UTF-8 cannot match any CodingKey and are left out.
            if let name = try? context.string(of: context.nodes[keyNode]), built[name] == nil {
                built[name] = keyNode
            }
        }
        table = built
        return built
    }
}

/// Reads the entries of a keyed container; reports ``allKeys`` and ``contains(_:)`` from the input.
struct BinaryKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let context: DecodingContext
    let index: Int
    let codingPath: [any CodingKey]
    private let lookup: KeyLookup

    init(context: DecodingContext, index: Int, codingPath: [any CodingKey]) {
        self.context = context
        self.index = index
        self.codingPath = codingPath
        lookup = KeyLookup(context: context, container: index)
    }

    /// Keys present in the input that `Key` can represent (invalid UTF-8 keys are left out).
    var allKeys: [Key] {
        lookup.keyNodes.compactMap { node in
            (try? context.string(of: context.nodes[node])).flatMap { Key(stringValue: $0) }
        }
    }

    func contains(_ key: Key) -> Bool { lookup.valueNode(for: key.stringValue, advance: false) != nil }

    /// The value node for `key`; throws ``BinaryCodingError/Code-swift.enum/keyNotFound`` if absent.
    private func node(_ key: any CodingKey, advance: Bool = true) throws -> Int {
        guard let node = lookup.valueNode(for: key.stringValue, advance: advance) else {
            throw BinaryCodingError(
                .keyNotFound, offset: context.nodes[index].start,
                "expected key '\(key.stringValue)' in a keyed container with \(context.nodes[index].count) "
                    + "entries, found none (path: \(codingPath.pathString))")
        }
        return node
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool { context.nodes[try node(key, advance: false)].tag == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try context.decodeBool(at: node(key), codingPath: path(key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try context.decodeString(at: node(key), codingPath: path(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try context.decodeDouble(at: node(key), codingPath: path(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try context.decodeFloat(at: node(key), codingPath: path(key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    private func integer<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I {
        try context.decodeInteger(type, at: node(key), codingPath: path(key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try context.decode(type, at: node(key), codingPath: path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let node = try node(key)
        try context.expectContainer(.keyed, at: node, codingPath: path(key))
        return KeyedDecodingContainer(
            BinaryKeyedDecodingContainer<NestedKey>(context: context, index: node, codingPath: path(key)))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let node = try node(key)
        try context.expectContainer(.unkeyed, at: node, codingPath: path(key))
        return BinaryUnkeyedDecodingContainer(context: context, index: node, codingPath: path(key))
    }

    func superDecoder() throws -> any Decoder {
        let key = SuperCodingKey()
        return NodeDecoder(context: context, index: try node(key), codingPath: codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(context: context, index: try node(key), codingPath: path(key))
    }
}
