import ArgumentParser
import Logging

/// swift-log's levels as a typed option: `--help` lists them and a wrong value is refused while
/// parsing, with the valid ones named.
extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Flags every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Log level.")
    var logLevel: Logger.Level = .warning

    /// Sends logs to standard error at the chosen level.
    func bootstrapLogging() throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
