/// A reply as it came off the wire: its envelope and its payload frames.
package struct ReplyMessage: Sendable {
    package let envelope: Envelope
    /// Every frame after the envelope: the result (if any), then the out-of-line frames.
    package let payload: [Frame]

    /// The out-of-line frames of the result's large arrays.
    package var outOfLine: ArraySlice<Frame> { payload.suffix(Int(envelope.outOfLineFrames)) }
}

/// The calls this node has sent and not yet seen answered, keyed by call id.
///
/// A plain value (kept behind the system's lock) so its rules are testable alone: every entry is
/// completed exactly once, by its reply, its deadline, cancellation, a peer failure or shutdown.
struct PendingCalls {
    struct Entry {
        let peer: String
        let label: TrafficKey
        let continuation: CheckedContinuation<ReplyMessage, any Error>
        /// When the call fails with ``MeshError/Code/deadlineExceeded`` (on the system's clock).
        let due: Duration
        /// Whom the call went to and how long it may wait: the deadline error is worded from these
        /// only if it happens (formatting it for every call costs more than the rest of the entry).
        let recipient: MeshActorID
        let deadline: Duration

        var timeoutMessage: String { "no reply from \(recipient) to \(label.method) within \(deadline)" }
    }

    private var entries: [UInt64: Entry] = [:]
    /// Ids whose cancellation arrived before the call was registered.
    private var cancelledEarly: Set<UInt64> = []

    var count: Int { entries.count }

    /// Registers a call; `false` when it was cancelled before it got here (the caller fails it).
    mutating func register(_ id: UInt64, _ entry: Entry) -> Bool {
        if cancelledEarly.remove(id) != nil { return false }
        entries[id] = entry
        return true
    }

    /// Removes and returns every call whose deadline is at or before `now`.
    mutating func expired(at now: Duration) -> [Entry] {
        let ids = entries.filter { $0.value.due <= now }.map(\.key)
        return ids.compactMap { entries.removeValue(forKey: $0) }
    }

    /// The nearest deadline of the pending calls, if any.
    var earliestDue: Duration? { entries.values.lazy.map(\.due).min() }

    /// Removes and returns the call, if it is still pending.
    mutating func complete(_ id: UInt64) -> Entry? {
        entries.removeValue(forKey: id)
    }

    /// Removes the call for cancellation; remembers the id if it is not registered yet.
    mutating func cancel(_ id: UInt64) -> Entry? {
        if let entry = entries.removeValue(forKey: id) { return entry }
        cancelledEarly.insert(id)
        return nil
    }

    /// The ids of the calls waiting on `peer`.
    func callIDs(peer: String) -> Set<UInt64> {
        Set(entries.lazy.filter { $0.value.peer == peer }.map(\.key))
    }

    /// Removes every call waiting on `peer`.
    mutating func completeAll(peer: String) -> [Entry] {
        let ids = entries.filter { $0.value.peer == peer }.map(\.key)
        return ids.compactMap { entries.removeValue(forKey: $0) }
    }

    /// Removes every call.
    mutating func completeAll() -> [Entry] {
        defer { entries.removeAll() }
        return Array(entries.values)
    }

    /// Forgets an early cancellation once the call has finished some other way.
    mutating func forgetCancellation(_ id: UInt64) { cancelledEarly.remove(id) }
}
