import Dispatch
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
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                // A second signal: the user does not want to wait for the report.
                guard received.compareExchange(expected: 0, desired: number, ordering: .acquiringAndReleasing).exchanged
                else { exit(128 + number) }
                task.cancel()
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            for number in [SIGINT, SIGTERM] { Foundation.signal(number, SIG_DFL) }
        }
        return try await task.value
    }
}
