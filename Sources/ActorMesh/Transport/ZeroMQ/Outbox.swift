/// The hand-off between callers and the I/O thread: callers queue operations; the thread takes them
/// all at once. The thread is either awake (working, or spinning just after work), when it looks at
/// the queue by itself, or about to block in zmq_poll, when the next caller must ring the wake pipe.
/// So a caller pays for a pipe write and a thread wake-up only when the thread sleeps, and no
/// operation is ever left waiting while it sleeps.
///
/// A plain value, kept behind the transport's lock: every method is one critical section.
struct Outbox<Operation> {
    private(set) var queued: [Operation] = []
    /// Set by ``stop()``: no more operations are accepted and the loop winds down.
    private(set) var stopping = false
    /// The I/O thread is about to block in zmq_poll (or is blocked there).
    private(set) var threadSleeping = false

    /// What a caller must do after ``enqueue(_:)``.
    enum Directive: Equatable {
        /// The transport is stopping: the operation was not queued.
        case refused
        /// Queued; the thread sleeps, so ring the wake pipe.
        case queuedRingWake
        /// Queued; the thread is awake and will see it.
        case queued
    }

    /// Queues `operation` from a caller.
    mutating func enqueue(_ operation: Operation) -> Directive {
        guard !stopping else { return .refused }
        queued.append(operation)
        // One ring per sleep is enough: later callers find the thread marked awake.
        defer { threadSleeping = false }
        return threadSleeping ? .queuedRingWake : .queued
    }

    /// The I/O thread, before a blocking poll: true (and marked sleeping) when it may block, false
    /// when work is waiting or the transport is stopping (then it polls without blocking).
    mutating func mayBlock() -> Bool {
        guard queued.isEmpty, !stopping else { return false }
        threadSleeping = true
        return true
    }

    /// The I/O thread, after a blocking poll returned.
    mutating func awoke() { threadSleeping = false }

    /// The I/O thread takes every queued operation, in order.
    mutating func take() -> [Operation] {
        defer { queued.removeAll(keepingCapacity: true) }
        return queued
    }

    /// Stops accepting operations; true the first time (the caller then wakes and joins the thread).
    mutating func stop() -> Bool {
        defer { stopping = true }
        return !stopping
    }
}
