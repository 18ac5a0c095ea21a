/// Writes `key, value` entries into a keyed container of the output; the entry count is patched
/// in when the container closes.
struct BinaryKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: EncodingState
    let scope: ScopeHandle
    let codingPath: [any CodingKey]

    private func begin(_ key: Key) throws {
        try state.core.beginEntry(in: scope, key: key.stringValue, codingPath: codingPath)
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); try state.core.writeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); try state.core.write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); try state.core.write(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); try state.core.write(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); try state.core.write(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); try state.core.write(signed: value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); try state.core.write(signed: value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); try state.core.write(signed: value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); try state.core.write(signed: value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); try state.core.write(signed: value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        try begin(key); try state.core.write(unsigned: value)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        try begin(key); try state.core.write(unsigned: value)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        try begin(key); try state.core.write(unsigned: value)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        try begin(key); try state.core.write(unsigned: value)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        try begin(key); try state.core.write(unsigned: value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try state.encodeValue(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = state.core.openEntry(.keyed, in: scope, key: key.stringValue, codingPath: codingPath)
        return KeyedEncodingContainer(
            BinaryKeyedEncodingContainer<NestedKey>(state: state, scope: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = state.core.openEntry(.unkeyed, in: scope, key: key.stringValue, codingPath: codingPath)
        return BinaryUnkeyedEncodingContainer(state: state, scope: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { makeSuperEncoder(key: SuperCodingKey()) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { makeSuperEncoder(key: key) }

    private func makeSuperEncoder(key: any CodingKey) -> any Encoder {
        let slot = state.core.openEntry(.slot, in: scope, key: key.stringValue, codingPath: codingPath)
        return SlotEncoder(state: state, slot: slot, codingPath: codingPath + [key])
    }
}
