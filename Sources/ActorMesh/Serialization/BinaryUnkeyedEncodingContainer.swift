/// Appends values to an unkeyed container of the output; the count is patched in when it closes.
struct BinaryUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let state: EncodingState
    let scope: EncodingScope
    let codingPath: [any CodingKey]
    var count: Int { Int(scope.count) }

    private func begin() throws { try state.beginEntry(in: scope, key: nil, codingPath: codingPath) }

    mutating func encodeNil() throws { try begin(); try state.writeNil() }
    mutating func encode(_ value: Bool) throws { try begin(); try state.write(value) }
    mutating func encode(_ value: String) throws { try begin(); try state.write(value) }
    mutating func encode(_ value: Double) throws { try begin(); try state.write(value) }
    mutating func encode(_ value: Float) throws { try begin(); try state.write(value) }
    mutating func encode(_ value: Int) throws { try begin(); try state.write(signed: value) }
    mutating func encode(_ value: Int8) throws { try begin(); try state.write(signed: value) }
    mutating func encode(_ value: Int16) throws { try begin(); try state.write(signed: value) }
    mutating func encode(_ value: Int32) throws { try begin(); try state.write(signed: value) }
    mutating func encode(_ value: Int64) throws { try begin(); try state.write(signed: value) }
    mutating func encode(_ value: UInt) throws { try begin(); try state.write(unsigned: value) }
    mutating func encode(_ value: UInt8) throws { try begin(); try state.write(unsigned: value) }
    mutating func encode(_ value: UInt16) throws { try begin(); try state.write(unsigned: value) }
    mutating func encode(_ value: UInt32) throws { try begin(); try state.write(unsigned: value) }
    mutating func encode(_ value: UInt64) throws { try begin(); try state.write(unsigned: value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        try begin()
        try state.encodeValue(value, codingPath: codingPath + [IndexCodingKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [IndexCodingKey(count)]
        return KeyedEncodingContainer(
            BinaryKeyedEncodingContainer<NestedKey>(state: state, scope: openNested(.keyed), codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexCodingKey(count)]
        return BinaryUnkeyedEncodingContainer(state: state, scope: openNested(.unkeyed), codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [IndexCodingKey(count)]
        do {
            try begin()
            return SlotEncoder(state: state, slot: state.openSlot(), codingPath: path)
        } catch {
            state.deferError(error as? BinaryCodingError ?? BinaryCodingError(wrapping: error, offset: state.buffer.count))
            return SlotEncoder(state: state, slot: .sealed(.slot), codingPath: path)
        }
    }

    private func openNested(_ kind: EncodingScope.Kind) -> EncodingScope {
        do {
            try begin()
            return try state.openContainer(kind)
        } catch {
            state.deferError(error as? BinaryCodingError ?? BinaryCodingError(wrapping: error, offset: state.buffer.count))
            return .sealed(kind)
        }
    }
}
