import ActorMesh
import Foundation
import Glibc

/// A server program a test runs in the foreground (sshd, munged, slurmctld, slurmd) with its output
/// in a log file, under ``ForegroundWrapper`` (daemons close the descriptors they inherit, which
/// would block Foundation's watch of every other child process). ``stop()`` kills it and waits.
final class TestDaemon {
    private let process = Process()
    let log: URL

    /// Starts `program arguments…` with `environment` added, its output appended to `log`.
    init(_ program: String, _ arguments: [String], log: URL, environment: [String: String] = [:]) throws {
        self.log = log
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let wrapped = ForegroundWrapper.wrapping(URL(fileURLWithPath: program), arguments)
        process.executableURL = wrapped.executable
        process.arguments = wrapped.arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// What it has written so far.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Kills the daemon (SIGKILL: it may have inherited a mask that blocks SIGTERM, see
    /// ForegroundWrapper), then waits for the wrapper to end.
    func stop() {
        guard process.isRunning else { return }
        if let daemon = ForegroundWrapper.program(of: process.processIdentifier) { _ = Glibc.kill(daemon, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
