/// The `Encoder` handed to a value's `encode(to:)`: it owns one slot in the output, which is filled
/// by a keyed container, an unkeyed container, or one single value.
final class SlotEncoder: Encoder, SingleValueEncodingContainer {
    let state: EncodingState
    let slot: ScopeHandle
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { state.userInfo }

    init(state: EncodingState, slot: ScopeHandle, codingPath: [any CodingKey]) {
        self.state = state
        self.slot = slot
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let scope = state.core.container(.keyed, in: slot, codingPath: codingPath)
        return KeyedEncodingContainer(
            BinaryKeyedEncodingContainer<Key>(state: state, scope: scope, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let scope = state.core.container(.unkeyed, in: slot, codingPath: codingPath)
        return BinaryUnkeyedEncodingContainer(state: state, scope: scope, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: SingleValueEncodingContainer

    private func begin() throws { try state.core.beginSlotWrite(slot, codingPath: codingPath) }

    func encodeNil() throws { try begin(); try state.core.writeNil() }
    func encode(_ value: Bool) throws { try begin(); try state.core.write(value) }
    func encode(_ value: String) throws { try begin(); try state.core.write(value) }
    func encode(_ value: Double) throws { try begin(); try state.core.write(value) }
    func encode(_ value: Float) throws { try begin(); try state.core.write(value) }
    func encode(_ value: Int) throws { try begin(); try state.core.write(signed: value) }
    func encode(_ value: Int8) throws { try begin(); try state.core.write(signed: value) }
    func encode(_ value: Int16) throws { try begin(); try state.core.write(signed: value) }
    func encode(_ value: Int32) throws { try begin(); try state.core.write(signed: value) }
    func encode(_ value: Int64) throws { try begin(); try state.core.write(signed: value) }
    func encode(_ value: UInt) throws { try begin(); try state.core.write(unsigned: value) }
    func encode(_ value: UInt8) throws { try begin(); try state.core.write(unsigned: value) }
    func encode(_ value: UInt16) throws { try begin(); try state.core.write(unsigned: value) }
    func encode(_ value: UInt32) throws { try begin(); try state.core.write(unsigned: value) }
    func encode(_ value: UInt64) throws { try begin(); try state.core.write(unsigned: value) }
    func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try state.encodeValue(value, codingPath: codingPath)
    }
}
