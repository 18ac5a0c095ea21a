import Foundation
import Synchronization

/// The signal the process handler caught since the handlers were installed (0: none). A plain C
/// handler writes it: on Linux a dispatch signal source only sees a signal that every thread blocks,
/// and a process-wide SIG_IGN discards it when the main thread does not, so a run could ignore Ctrl-C.
private let caughtSignal = Atomic<Int32>(0)

/// Records the first SIGINT/SIGTERM; a second one exits at once (the user does not want to wait for
/// the report). Only async-signal-safe work: an atomic exchange and `_exit`.
private let recordSignal: @convention(c) (Int32) -> Void = { number in
    if caughtSignal.exchange(number, ordering: .acquiringAndReleasing) != 0 { _exit(128 + number) }
}

/// Turns SIGINT/SIGTERM into the cancellation of the run's task, remembering which signal came, so
/// the run can stop its nodes and write what it has. A second signal exits at once.
final class InterruptSignals: Sendable {
    private let received = Atomic<Int32>(0)

    /// The signal that interrupted the run, or nil.
    var signal: Int32? {
        let s = received.load(ordering: .acquiring)
        return s == 0 ? nil : s
    }

    private let timedOut = Atomic<Bool>(false)

    /// Whether the run was stopped because its time ran out (``cancelling(_:stopAfter:)``), not by a signal.
    var outOfTime: Bool { timedOut.load(ordering: .acquiring) }

    /// The exit status of a run stopped by the signal (128 + its number: 130 for SIGINT, 143 for SIGTERM).
    var exitStatus: Int32 { 128 + (signal ?? SIGTERM) }

    /// Cancels `task` on SIGINT or SIGTERM while `body` runs, then restores the default handlers; also
    /// after `stopAfter` (a time budget), the same way, unless a signal came first.
    func cancelling<T: Sendable>(_ task: Task<T, any Error>, stopAfter: Duration? = nil) async throws -> T {
        let timer = stopAfter.map { limit in
            Task { [self] in
                try await Task.sleep(for: limit)
                guard received.load(ordering: .acquiring) == 0 else { return }
                timedOut.store(true, ordering: .releasing)
                task.cancel()
            }
        }
        defer { timer?.cancel() }
        caughtSignal.store(0, ordering: .releasing)
        for number in [SIGINT, SIGTERM] { _ = Foundation.signal(number, recordSignal) }
        // The handler only records the signal; this watch turns it into the task's cancellation.
        let watch = Task { [self] in
            while !Task.isCancelled {
                let number = caughtSignal.load(ordering: .acquiring)
                if number != 0 {
                    if received.compareExchange(expected: 0, desired: number, ordering: .acquiringAndReleasing)
                        .exchanged
                    {
                        task.cancel()
                    }
                    return
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        defer {
            watch.cancel()
            for number in [SIGINT, SIGTERM] { _ = Foundation.signal(number, SIG_DFL) }
        }
        return try await task.value
    }
}
