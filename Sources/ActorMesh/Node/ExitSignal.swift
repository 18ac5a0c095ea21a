import Foundation
import Synchronization

/// A child process's end, observed once (as words: `exited with status 1`, `was killed by signal 9`): handlers
/// registered before it fire when it happens, those
/// registered after fire at once. Set as a `Process.terminationHandler` by ``NodeProcess``.
final class ExitSignal: Sendable {
    private let state = Mutex<(status: String?, handlers: [@Sendable (String) -> Void])>((nil, []))

    /// Records the exit and runs the waiting handlers (outside the lock).
    func fire(_ status: String) {
        let handlers = state.withLock { s -> [@Sendable (String) -> Void] in
            guard s.status == nil else { return [] }
            s.status = status
            defer { s.handlers = [] }
            return s.handlers
        }
        for handler in handlers { handler(status) }
    }

    /// Runs `handler` when the process exits, or now if it has.
    func observe(_ handler: @escaping @Sendable (String) -> Void) {
        let done = state.withLock { s -> String? in
            if s.status == nil { s.handlers.append(handler) }
            return s.status
        }
        if let done { handler(done) }
    }
}

extension ExitSignal {
    /// A signal fired when `process` ends (it becomes the process's termination handler).
    static func watching(_ process: Process) -> ExitSignal {
        let exit = ExitSignal()
        process.terminationHandler = { ended in
            exit.fire(
                ended.terminationReason == .uncaughtSignal
                    ? "was killed by signal \(ended.terminationStatus)"
                    : "exited with status \(ended.terminationStatus)")
        }
        return exit
    }
}
