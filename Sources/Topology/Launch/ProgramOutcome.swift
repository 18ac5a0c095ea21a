import ActorMesh
import Foundation

/// A short program run to the end (ssh's login check, sinfo): what it printed and how it ended.
/// Its output must fit a pipe's buffer (64 KiB): it is read once the program has exited.
struct ProgramOutcome: Sendable {
    var output: String
    /// Why it failed (not on PATH, its exit status and last error line, too slow), nil when it exited 0.
    var failure: String?

    /// Runs `program` (found on PATH) with `arguments`, standard input closed, for at most `timeout`.
    static func run(_ program: String, _ arguments: [String], timeout: Duration) async -> ProgramOutcome {
        let process = Process()
        do {
            // ssh closes the descriptors it inherits: run it under the wrapper (see ForegroundWrapper).
            let wrapped = ForegroundWrapper.wrapping(try RunLauncher.which(program), arguments)
            process.executableURL = wrapped.executable
            process.arguments = wrapped.arguments
        } catch {
            return ProgramOutcome(output: "", failure: "\(program) is not on PATH")
        }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            return ProgramOutcome(output: "", failure: "could not start \(program): \(error.localizedDescription)")
        }
        let clock = ContinuousClock(), end = clock.now + timeout
        while process.isRunning, clock.now < end { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            return ProgramOutcome(output: "", failure: "no answer within \(timeout)")
        }
        // What these programs print fits a pipe's buffer, so it is read once they have exited.
        let stdout = out.fileHandleForReading.readDataToEndOfFile(),
            stderr = err.fileHandleForReading.readDataToEndOfFile()
        // ssh ends its lines with \r\n (one Character in Swift): split on any line break.
        let said =
            String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init)
            ?? "nothing on standard error"
        return ProgramOutcome(
            output: String(decoding: stdout, as: UTF8.self),
            failure: process.terminationStatus == 0 ? nil : "exited with status \(process.terminationStatus): \(said)")
    }
}
