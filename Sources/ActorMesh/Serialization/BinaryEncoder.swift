import Foundation

/// Encodes `Encodable` values into the tagged little-endian format described in ``BinaryTag``.
///
/// `[Float]`, `[Double]`, `[UInt8]`, `[Int32]`, `[Int64]`, `[Int]` and `Data` are written as a tag,
/// an element count and their raw bytes with one memcpy, wherever they appear (top level, struct
/// field, array element). Other values are written as they are encoded, straight into one output
/// buffer, with no intermediate tree.
///
/// Because the output is streamed, a container stops accepting values once its parent has written
/// something after it (containers are used in LIFO order, as synthesized `Codable` always does).
/// Writing to such a closed container throws ``BinaryCodingError/Code-swift.enum/unsupportedUsage``.
///
/// Not `Sendable` (``userInfo`` holds `Any`): create one per call.
public struct BinaryEncoder {
    /// Passed to every `Encoder` that values see while they are encoded.
    public var userInfo: [CodingUserInfoKey: Any] = [:]

    /// Creates an encoder with empty ``userInfo``.
    public init() {}

    /// Encodes `value` into a new buffer.
    /// - Throws: ``BinaryCodingError``, or an error thrown by `value`'s own `encode(to:)`.
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let state = EncodingState(userInfo: userInfo)
        do {
            try state.encodeValue(value, codingPath: [])
            try state.finish()
        } catch let error as BinaryCodingError {
            throw error
        } catch let error as EncodingError {
            throw BinaryCodingError(wrapping: error, offset: state.buffer.count)
        }
        return state.buffer.takeData()
    }
}

/// A place in the output that is still open for writing: a slot for exactly one value, or a
/// keyed/unkeyed container whose entry count is patched in when it closes.
final class EncodingScope {
    enum Kind { case slot, keyed, unkeyed }
    let kind: Kind
    /// Where the container's UInt32 count lives in the output (containers only).
    let countOffset: Int
    /// Entries written so far (containers only).
    var count: UInt32 = 0
    /// Whether a slot holds a value or a container.
    var isFilled = false
    /// The container a slot holds, so asking for it again returns the same one.
    var container: EncodingScope?
    /// Whether the scope is closed; writes to it throw.
    var isSealed = false

    init(kind: Kind, countOffset: Int = -1) {
        self.kind = kind
        self.countOffset = countOffset
    }

    /// A scope that refuses every write; returned by non-throwing container factories on misuse.
    static func sealed(_ kind: Kind) -> EncodingScope {
        let scope = EncodingScope(kind: kind)
        scope.isSealed = true
        return scope
    }
}

/// Shared state of one top-level encode: the output and the stack of open scopes.
final class EncodingState {
    var buffer = WriteBuffer()
    let userInfo: [CodingUserInfoKey: Any]
    private var open: [EncodingScope] = []
    /// First misuse reported by a non-throwing API (`container(keyedBy:)`, `superEncoder()`…).
    private var deferredError: BinaryCodingError?

    init(userInfo: [CodingUserInfoKey: Any]) {
        self.userInfo = userInfo
    }

    /// Records a misuse found where no error can be thrown; ``finish()`` throws it.
    func deferError(_ error: BinaryCodingError) {
        if deferredError == nil { deferredError = error }
    }

    /// Closes every open scope and throws a deferred misuse, if any.
    func finish() throws {
        while let top = open.last {
            try close(top)
            open.removeLast()
        }
        if let deferredError { throw deferredError }
    }

    /// Makes `scope` the innermost open scope, closing every scope opened after it.
    @inline(__always)
    func activate(_ scope: EncodingScope, codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard !scope.isSealed else {
            throw BinaryCodingError(
                .unsupportedUsage, offset: buffer.count,
                "expected writes in LIFO order, found a write to a container that was already closed "
                    + "because its parent wrote after it (path: \(codingPath().pathString))")
        }
        while let top = open.last, top !== scope {
            try close(top)
            open.removeLast()
        }
    }

    private func close(_ scope: EncodingScope) throws {
        scope.isSealed = true
        switch scope.kind {
        case .slot:
            // A value whose encode(to:) wrote nothing is stored as an empty keyed container.
            if !scope.isFilled {
                scope.isFilled = true
                try buffer.append(.keyed)
                try buffer.appendLittleEndian(UInt32(0))
            }
        case .keyed, .unkeyed:
            buffer.patchUInt32(scope.count, at: scope.countOffset)
        }
    }

    /// Claims `slot` for one value; throws if it already holds one.
    func beginSlotWrite(_ slot: EncodingScope, codingPath: @autoclosure () -> [any CodingKey]) throws {
        try activate(slot, codingPath: codingPath())
        guard !slot.isFilled else {
            throw BinaryCodingError(
                .unsupportedUsage, offset: buffer.count,
                "expected one value per single-value container, found a second one (path: \(codingPath().pathString))")
        }
        slot.isFilled = true
    }

    /// Starts a new entry in `container`, writing its key when the container is keyed.
    func beginEntry(in container: EncodingScope, key: String?, codingPath: @autoclosure () -> [any CodingKey]) throws {
        try activate(container, codingPath: codingPath())
        guard container.count < UInt32.max else {
            throw BinaryCodingError(
                .unsupportedUsage, offset: buffer.count,
                "expected at most \(UInt32.max) entries in a container (path: \(codingPath().pathString))")
        }
        container.count += 1
        if let key { try buffer.appendString(key) }
    }

    /// Writes a container header at the current position and opens it.
    func openContainer(_ kind: EncodingScope.Kind) throws -> EncodingScope {
        try buffer.append(kind == .keyed ? .keyed : .unkeyed)
        let scope = EncodingScope(kind: kind, countOffset: buffer.count)
        try buffer.appendLittleEndian(UInt32(0))
        open.append(scope)
        return scope
    }

    /// Opens (or returns the already open) container held by `slot`. Never throws: misuse is
    /// deferred and a sealed container is returned, whose writes throw.
    func container(_ kind: EncodingScope.Kind, in slot: EncodingScope, codingPath: @autoclosure () -> [any CodingKey]) -> EncodingScope {
        if let existing = slot.container, existing.kind == kind, !existing.isSealed { return existing }
        do {
            try beginSlotWrite(slot, codingPath: codingPath())
            let scope = try openContainer(kind)
            slot.container = scope
            return scope
        } catch let error as BinaryCodingError {
            self.deferError(error)
        } catch {
            self.deferError(BinaryCodingError(wrapping: error, offset: buffer.count))
        }
        return .sealed(kind)
    }

    /// Opens a slot for one value at the current position; the value is written through an encoder.
    func openSlot() -> EncodingScope {
        let slot = EncodingScope(kind: .slot)
        open.append(slot)
        return slot
    }

    /// Writes `value` at the current position: raw fast path, known primitive, or its `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws {
        if try encodeRawArray(value) || encodePrimitive(value) { return }
        let slot = openSlot()
        try value.encode(to: SlotEncoder(state: self, slot: slot, codingPath: codingPath()))
        if !slot.isSealed {
            try activate(slot, codingPath: codingPath())
            try close(slot)
            open.removeLast()
        }
    }
}
