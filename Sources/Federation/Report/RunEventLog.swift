import Foundation
import Synchronization

/// Writes ``RunEvent``s as JSON Lines to a file (created or truncated) or to standard output (`-`),
/// each line written whole and at once, so a reader following the file (`tail -f`, `fedactors
/// report` later) sees every event as it happens. Thread-safe.
package final class RunEventLog: Sendable {
    private let handle: FileHandle
    private let lock = Mutex(())
    private let started: ContinuousClock.Instant
    private let closesHandle: Bool

    /// Opens `path` (`-`: standard output). Throws, naming the path and why, when it cannot be written.
    package init(path: String, started: ContinuousClock.Instant = .now) throws(FederationError) {
        self.started = started
        if path == "-" {
            handle = .standardOutput
            closesHandle = false
            return
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FederationError(
                .invalidSetting,
                """
                cannot write the events to \(path): the folder \(folder.path) cannot be created \
                (\(error.localizedDescription))
                """
            )
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw FederationError(
                .invalidSetting,
                "cannot write the events to \(path): the file cannot be created there (check the folder's permissions)")
        }
        self.handle = handle
        closesHandle = true
    }

    /// Seconds since the log was opened (the run's start).
    package var seconds: Double { (ContinuousClock.now - started).seconds }

    /// Appends `event` as one line. An event that cannot be encoded or written is dropped: the run's
    /// report, not this stream, is the record of the run.
    package func write(_ event: RunEvent) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard var line = try? encoder.encode(event) else { return }
        line.append(UInt8(ascii: "\n"))
        lock.withLock { _ in try? handle.write(contentsOf: line) }
    }

    /// Writes `events` in order.
    package func write(_ events: [RunEvent]) {
        for event in events { write(event) }
    }

    deinit {
        if closesHandle { try? handle.close() }
    }
}
