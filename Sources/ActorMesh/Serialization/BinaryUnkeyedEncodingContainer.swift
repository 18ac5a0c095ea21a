/// Appends values to an unkeyed container of the output; the count is patched in when it closes.
struct BinaryUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let state: EncodingState
    let scope: ScopeHandle
    let codingPath: [any CodingKey]
    /// Elements written through this container value.
    private(set) var count = 0

    init(state: EncodingState, scope: ScopeHandle, codingPath: [any CodingKey]) {
        self.state = state
        self.scope = scope
        self.codingPath = codingPath
    }

    private mutating func begin() throws {
        try state.core.beginEntry(in: scope, key: nil, codingPath: codingPath)
        count += 1
    }

    mutating func encodeNil() throws { try begin(); try state.core.writeNil() }
    mutating func encode(_ value: Bool) throws { try begin(); try state.core.write(value) }
    mutating func encode(_ value: String) throws { try begin(); try state.core.write(value) }
    mutating func encode(_ value: Double) throws { try begin(); try state.core.write(value) }
    mutating func encode(_ value: Float) throws { try begin(); try state.core.write(value) }
    mutating func encode(_ value: Int) throws { try begin(); try state.core.write(signed: value) }
    mutating func encode(_ value: Int8) throws { try begin(); try state.core.write(signed: value) }
    mutating func encode(_ value: Int16) throws { try begin(); try state.core.write(signed: value) }
    mutating func encode(_ value: Int32) throws { try begin(); try state.core.write(signed: value) }
    mutating func encode(_ value: Int64) throws { try begin(); try state.core.write(signed: value) }
    mutating func encode(_ value: UInt) throws { try begin(); try state.core.write(unsigned: value) }
    mutating func encode(_ value: UInt8) throws { try begin(); try state.core.write(unsigned: value) }
    mutating func encode(_ value: UInt16) throws { try begin(); try state.core.write(unsigned: value) }
    mutating func encode(_ value: UInt32) throws { try begin(); try state.core.write(unsigned: value) }
    mutating func encode(_ value: UInt64) throws { try begin(); try state.core.write(unsigned: value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        try begin()
        try state.encodeValue(value, codingPath: codingPath + [IndexCodingKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let path = codingPath + [IndexCodingKey(count)]
        let nested = openEntry(.keyed)
        return KeyedEncodingContainer(
            BinaryKeyedEncodingContainer<NestedKey>(state: state, scope: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexCodingKey(count)]
        return BinaryUnkeyedEncodingContainer(state: state, scope: openEntry(.unkeyed), codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [IndexCodingKey(count)]
        return SlotEncoder(state: state, slot: openEntry(.slot), codingPath: path)
    }

    private mutating func openEntry(_ kind: ScopeKind) -> ScopeHandle {
        count += 1
        return state.core.openEntry(kind, in: scope, key: nil, codingPath: codingPath)
    }
}
