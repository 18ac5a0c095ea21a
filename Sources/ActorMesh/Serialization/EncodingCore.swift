import Foundation

/// Identifies an open scope of the output: its depth in the stack of open scopes and a serial
/// number, so a handle to a scope that has closed (and whose depth was reused) is recognised.
struct ScopeHandle: Sendable, Equatable {
    let depth: Int
    let serial: Int
    /// A handle that never matches an open scope; writes through it throw.
    static let closed = ScopeHandle(depth: -1, serial: -1)
}

/// The kinds of scope: a slot for exactly one value, or a keyed/unkeyed container.
enum ScopeKind: Sendable { case slot, keyed, unkeyed }

/// The output buffer and the stack of scopes still open for writing.
///
/// The output is streamed, so scopes are used in LIFO order: writing to a scope closes every scope
/// opened after it. A closed container gets its UInt32 entry count patched in; a closed slot that
/// received nothing gets an empty keyed container (what a value with an empty `encode(to:)` is).
struct EncodingCore: ~Copyable {
    private struct OpenScope {
        let kind: ScopeKind
        let serial: Int
        /// Where a container's UInt32 count lives in the output.
        let countOffset: Int
        var count: UInt32 = 0
        /// Whether a slot holds a value or a container.
        var isFilled = false
        /// Serial of the container a slot holds (it sits right above the slot), or -1.
        var containerSerial = -1
    }

    var buffer = WriteBuffer()
    /// Raw arrays of at least `outOfLineThreshold` bytes are not copied into `buffer`: they are
    /// collected here, each as `Data` over the array's own memory, and `buffer` refers to them by
    /// index, counting from `outOfLineBase`.
    var outOfLine: [Data] = []
    var outOfLineThreshold = Int.max
    var outOfLineBase = 0
    private var open: [OpenScope] = []
    private var nextSerial = 0
    private var deferredError: BinaryCodingError?

    init() {
        open.reserveCapacity(16)
    }

    private func isOpen(_ scope: ScopeHandle) -> Bool {
        scope.depth >= 0 && scope.depth < open.count && open[scope.depth].serial == scope.serial
    }

    /// Records a misuse found where no error can be thrown; ``finish()`` throws it.
    mutating func deferError(_ error: BinaryCodingError) {
        if deferredError == nil { deferredError = error }
    }

    /// Closes every open scope and throws a deferred misuse, if any.
    mutating func finish() throws {
        while !open.isEmpty { try closeTop() }
        if let deferredError { throw deferredError }
    }

    /// Makes `scope` the innermost open scope, closing every scope opened after it.
    private mutating func activate(_ scope: ScopeHandle, codingPath: () -> [any CodingKey]) throws {
        guard isOpen(scope) else {
            throw BinaryCodingError(
                .unsupportedUsage, offset: buffer.count,
                "expected writes in LIFO order, found a write to a container that was already closed "
                    + "because its parent wrote after it (path: \(codingPath().pathString))")
        }
        while open.count > scope.depth + 1 { try closeTop() }
    }

    private mutating func closeTop() throws {
        let top = open.removeLast()
        switch top.kind {
        case .slot:
            if !top.isFilled {
                try buffer.append(.keyed)
                try buffer.appendLittleEndian(UInt32(0))
            }
        case .keyed, .unkeyed:
            buffer.patchUInt32(top.count, at: top.countOffset)
        }
    }

    private mutating func push(_ kind: ScopeKind, countOffset: Int) -> ScopeHandle {
        let handle = ScopeHandle(depth: open.count, serial: nextSerial)
        nextSerial += 1
        open.append(OpenScope(kind: kind, serial: handle.serial, countOffset: countOffset))
        return handle
    }

    /// Opens a slot for one value at the current position.
    mutating func openSlot() -> ScopeHandle { push(.slot, countOffset: -1) }

    /// Closes `slot` and everything opened inside it, unless a parent write already did.
    mutating func finishSlot(_ slot: ScopeHandle) throws {
        guard isOpen(slot) else { return }
        while open.count > slot.depth { try closeTop() }
    }

    /// Claims `slot` for its one value; throws if it is closed or already holds one.
    mutating func beginSlotWrite(_ slot: ScopeHandle, codingPath: @autoclosure () -> [any CodingKey]) throws {
        try activate(slot, codingPath: codingPath)
        guard !open[slot.depth].isFilled else {
            throw BinaryCodingError(
                .unsupportedUsage, offset: buffer.count,
                "expected one value per single-value container, found a second one (path: \(codingPath().pathString))")
        }
        open[slot.depth].isFilled = true
    }

    /// Starts a new entry in `container`, writing its key when the container is keyed.
    mutating func beginEntry(in container: ScopeHandle, key: String?, codingPath: @autoclosure () -> [any CodingKey])
        throws
    {
        try activate(container, codingPath: codingPath)
        guard open[container.depth].count < UInt32.max else {
            throw BinaryCodingError(
                .unsupportedUsage, offset: buffer.count,
                "expected at most \(UInt32.max) entries in a container (path: \(codingPath().pathString))")
        }
        open[container.depth].count += 1
        if let key { try buffer.appendString(key) }
    }

    /// Writes a container header at the current position and opens the container.
    mutating func openContainer(_ kind: ScopeKind) throws -> ScopeHandle {
        try buffer.append(kind == .keyed ? .keyed : .unkeyed)
        let handle = push(kind, countOffset: buffer.count)
        try buffer.appendLittleEndian(UInt32(0))
        return handle
    }

    /// Opens (or returns the already open) container held by `slot`. Never throws: misuse is
    /// deferred and ``ScopeHandle/closed`` is returned, whose writes throw.
    mutating func container(_ kind: ScopeKind, in slot: ScopeHandle, codingPath: @autoclosure () -> [any CodingKey])
        -> ScopeHandle
    {
        if isOpen(slot), open[slot.depth].containerSerial >= 0 {
            let existing = ScopeHandle(depth: slot.depth + 1, serial: open[slot.depth].containerSerial)
            if isOpen(existing), open[existing.depth].kind == kind { return existing }
        }
        do {
            try beginSlotWrite(slot, codingPath: codingPath())
            let container = try openContainer(kind)
            open[slot.depth].containerSerial = container.serial
            return container
        } catch let error as BinaryCodingError {
            deferError(error)
        } catch {
            deferError(BinaryCodingError(wrapping: error, offset: buffer.count))
        }
        return .closed
    }

    /// Starts an entry of `container` and opens a container or a slot as its value.
    mutating func openEntry(
        _ kind: ScopeKind, in container: ScopeHandle, key: String?, codingPath: @autoclosure () -> [any CodingKey]
    ) -> ScopeHandle {
        do {
            try beginEntry(in: container, key: key, codingPath: codingPath())
            return kind == .slot ? openSlot() : try openContainer(kind)
        } catch let error as BinaryCodingError {
            deferError(error)
        } catch {
            deferError(BinaryCodingError(wrapping: error, offset: buffer.count))
        }
        return .closed
    }
}
