/// What each entry of the I/O loop's poll set is, by name instead of by position: the loop adds its
/// wake pipe, ROUTER, ZAP socket (with CURVE), DEALERs and their monitors in any order, and reads
/// zmq_poll's ready indexes back as slots.
struct PollSlots: Equatable {
    enum Slot: Hashable {
        /// The wake pipe callers ring when the loop sleeps.
        case wake
        /// The ROUTER that inbound calls and their replies use.
        case router
        /// The ZAP handler socket (CURVE only).
        case zap
        /// The DEALER to a peer.
        case dealer(peer: String)
        /// The monitor of the DEALER to a peer.
        case monitor(peer: String)
    }

    private(set) var slots: [Slot] = []

    /// Records `slot` at the index the poller gave it; the two must move in step.
    /// - Precondition: `index` is the next index (programmer error otherwise).
    mutating func record(_ slot: Slot, at index: Int) {
        precondition(
            index == slots.count, "poll slot \(slot) recorded at \(index), but the poll set has \(slots.count) slots")
        slots.append(slot)
    }

    mutating func removeAll() { slots.removeAll(keepingCapacity: true) }

    /// The slots at zmq_poll's ready `indexes` (indexes past the end are ignored).
    func ready(_ indexes: [Int]) -> Ready {
        Ready(slots: Set(indexes.compactMap { slots.indices.contains($0) ? slots[$0] : nil }))
    }

    /// The slots one poll found readable.
    struct Ready: Equatable {
        let slots: Set<Slot>
        var isEmpty: Bool { slots.isEmpty }
        func contains(_ slot: Slot) -> Bool { slots.contains(slot) }
    }
}
