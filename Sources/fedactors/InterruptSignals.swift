import ActorMesh
import Foundation
import Synchronization

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
        let mark = ProcessSignals.install()
        // The handler only records the signal; this watch turns it into the task's cancellation.
        let watch = Task { [self] in
            guard let number = await ProcessSignals.next(after: mark) else { return }
            if received.compareExchange(expected: 0, desired: number, ordering: .acquiringAndReleasing).exchanged {
                task.cancel()
            }
        }
        defer {
            watch.cancel()
            ProcessSignals.restoreDefaults()
        }
        return try await task.value
    }
}
