/// Bookkeeping of the one task per actor system that fails calls past their deadline.
///
/// A plain value kept behind the system's lock. The sweeper sleeps until the nearest deadline of the
/// pending calls; a new call needs a new sweeper only when none is sleeping or its deadline comes
/// before the one the sweeper sleeps until (a shorter per-call deadline). Each sweeper has a
/// generation: a replaced one finds itself stale and exits without touching the calls.
struct DeadlineSweeper {
    /// What a new sweeper task must do: sleep until `due`, as generation `generation`.
    struct Wake: Sendable {
        let due: Duration
        let generation: UInt64
    }

    private(set) var generation: UInt64 = 0
    /// When the current sweeper wakes next; nil when none is running.
    private(set) var sleepsUntil: Duration?
    private var task: Task<Void, Never>?

    /// Whether a call due at `due` needs a new sweeper, and if so which.
    mutating func needsWake(for due: Duration) -> Wake? {
        if let current = sleepsUntil, current <= due { return nil }
        generation += 1
        sleepsUntil = due
        return Wake(due: due, generation: generation)
    }

    func isCurrent(_ generation: UInt64) -> Bool { generation == self.generation }

    /// The current sweeper will next wake at `due`, or exits when nil.
    mutating func sleeping(until due: Duration?) {
        sleepsUntil = due
        if due == nil { task = nil }
    }

    /// Records the task started for `generation`; returns a task to cancel (the one it replaces, or
    /// this one if a newer generation already exists).
    mutating func adopt(_ newTask: Task<Void, Never>, generation: UInt64) -> Task<Void, Never>? {
        guard generation == self.generation else { return newTask }
        defer { task = newTask }
        return task
    }

    /// Stops the sweeper (shutdown); returns nothing to resume: pending calls are failed by the caller.
    mutating func stop() {
        task?.cancel()
        task = nil
        sleepsUntil = nil
        generation += 1
    }
}
