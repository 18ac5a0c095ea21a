import Foundation
import Synchronization

/// How many SIGINT/SIGTERM the handler has caught in this process, and the last one's number.
private let caughtCount = Atomic<Int>(0)
private let lastCaught = Atomic<Int32>(0)
/// The count when the handler was last installed: a signal beyond the first since then exits.
private let installedAt = Atomic<Int>(0)

/// Records the signal; a second one since ``ProcessSignals/install()`` exits at once (the user does
/// not want to wait). Only async-signal-safe work: atomics and `_exit`.
private let recordProcessSignal: @convention(c) (Int32) -> Void = { number in
    lastCaught.store(number, ordering: .releasing)
    let before = caughtCount.add(1, ordering: .acquiringAndReleasing).oldValue
    if before > installedAt.load(ordering: .acquiring) { _exit(128 + number) }
}

/// SIGINT and SIGTERM, caught by a plain C handler that only records them, for code that polls.
///
/// Not a dispatch signal source: on Linux one only sees a signal every thread blocks, and with the
/// process-wide `SIG_IGN` it needs, a signal delivered to a thread that does not block it is lost,
/// so a node or a run could ignore Ctrl-C or a launcher's SIGTERM.
package enum ProcessSignals {
    /// A point from which to ask whether a signal came.
    package struct Mark: Sendable {
        fileprivate let count: Int
    }

    /// Installs the handler for SIGINT and SIGTERM and returns the mark that ``caught(since:)`` compares with.
    package static func install() -> Mark {
        let now = caughtCount.load(ordering: .acquiring)
        installedAt.store(now, ordering: .releasing)
        for number in [SIGINT, SIGTERM] { _ = Foundation.signal(number, recordProcessSignal) }
        return Mark(count: now)
    }

    /// The signal caught after `mark` (the last one, if several), or nil.
    package static func caught(since mark: Mark) -> Int32? {
        caughtCount.load(ordering: .acquiring) > mark.count ? lastCaught.load(ordering: .acquiring) : nil
    }

    /// Gives SIGINT and SIGTERM back their default action.
    package static func restoreDefaults() {
        for number in [SIGINT, SIGTERM] { _ = Foundation.signal(number, SIG_DFL) }
    }

    /// Waits until a signal comes after `mark` (checking every 50 ms) and returns it; nil if the
    /// calling task is cancelled first.
    package static func next(after mark: Mark) async -> Int32? {
        while !Task.isCancelled {
            if let number = caught(since: mark) { return number }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
