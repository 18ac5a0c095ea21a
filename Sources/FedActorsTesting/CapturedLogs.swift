import Logging
import Synchronization

/// Collects log records in memory, so a test can check what was logged (and print it only on failure).
package final class CapturedLogs: Sendable {
    package struct Record: Sendable {
        package var level: Logger.Level
        package var message: String
    }
    private let records = Mutex<[Record]>([])

    package init() {}

    /// A logger that writes here, at `level` and above.
    package func logger(label: String = "test", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in Handler(sink: self) }
        logger.logLevel = level
        return logger
    }

    /// Everything logged so far.
    package var all: [Record] { records.withLock { $0 } }

    /// Messages at `level` or above that contain `text`.
    package func messages(atLeast level: Logger.Level, containing text: String = "") -> [String] {
        all.filter { $0.level >= level && (text.isEmpty || $0.message.contains(text)) }.map(\.message)
    }

    fileprivate func append(_ record: Record) { records.withLock { $0.append(record) } }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.append(Record(level: event.level, message: event.message.description))
        }
    }
}
