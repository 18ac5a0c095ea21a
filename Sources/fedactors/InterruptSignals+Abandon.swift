import Synchronization

extension InterruptSignals {
    /// Like ``cancelling(_:stopAfter:)``, but at a signal it returns at once (throwing
    /// `CancellationError`) instead of waiting for `task` to end: for work that does not stop
    /// promptly when cancelled, such as an agent's answer still on its way. `task` is cancelled too.
    func abandoning<T: Sendable>(_ task: Task<T, any Error>) async throws -> T {
        let watcher = Task<T, any Error> {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let once = ResumeOnce(continuation)
                Task {
                    do { once.resume(with: .success(try await task.value)) } catch {
                        once.resume(with: .failure(error))
                    }
                }
                Task { [self] in
                    while signal == nil, !once.isDone { try? await Task.sleep(for: .milliseconds(50)) }
                    if signal != nil {
                        task.cancel()
                        once.resume(with: .failure(CancellationError()))
                    }
                }
            }
        }
        return try await cancelling(watcher)
    }
}

/// A continuation resumed by whichever of two racers comes first.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    var isDone: Bool { continuation.withLock { $0 == nil } }

    func resume(with result: Result<T, any Error>) {
        let taken = continuation.withLock { c -> CheckedContinuation<T, any Error>? in
            defer { c = nil }
            return c
        }
        taken?.resume(with: result)
    }
}
