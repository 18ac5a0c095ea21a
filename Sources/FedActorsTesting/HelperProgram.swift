import ActorMesh
import Foundation

/// Short programs a test helper runs to the end (ssh-keygen, ip netns pids): their standard output,
/// or an error with what they said when they fail.
enum HelperProgram {
    static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        let wrapped = ForegroundWrapper.wrapping(URL(fileURLWithPath: path), arguments)
        process.executableURL = wrapped.executable
        process.arguments = wrapped.arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MeshError(
                .invalidConfiguration,
                "\(path) \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus): \(said)")
        }
        return text
    }

    /// Waits until `file` contains `text` (a daemon's "listening" line), or throws after `timeout` (a hang check:
    /// a daemon starts in well under a second, but a loaded 2-core machine has taken over 20 s).
    static func waitFor(_ text: String, in file: URL, what: String, timeout: Duration = .seconds(60)) async throws {
        let clock = ContinuousClock(), end = clock.now + timeout
        while clock.now < end {
            if let log = try? String(contentsOf: file, encoding: .utf8), log.contains(text) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        throw MeshError(.deadlineExceeded, "\(what) did not say '\(text)' within \(timeout); its log: \(log)")
    }

    /// Waits until `path` exists (a daemon's socket), or throws after `timeout`.
    static func waitForFile(_ path: String, what: String, timeout: Duration = .seconds(60)) async throws {
        let clock = ContinuousClock(), end = clock.now + timeout
        while clock.now < end {
            if FileManager.default.fileExists(atPath: path) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MeshError(.deadlineExceeded, "\(what) did not make \(path) within \(timeout)")
    }
}
