import FedActorsTesting
import Foundation
import Synchronization

/// A `fedactors` process whose output a test reads while it runs (to act at a given round: kill a
/// node, send a signal), then waits for.
final class LiveCommand: Sendable {
    private let process: Process
    /// Where ``type(_:)`` writes, when the process was started with `input: true`.
    private let input: FileHandle?
    /// What the process printed so far (a class, so the pipes' handlers can share it).
    private final class Printed: Sendable {
        let state = Mutex<(out: [String], partial: Data, err: Data)>(([], Data(), Data()))
    }
    private let printed = Printed()

    /// Runs `fedactors` with `arguments`; with `input`, its standard input is a pipe the test
    /// writes with ``type(_:)`` (a question waits until the test answers it).
    convenience init(_ arguments: [String], input: Bool = false) throws {
        try self.init(executable: try Executables.url("fedactors"), arguments, input: input)
    }

    /// Runs `executable` (e.g. `script`, to give a command a pseudo-terminal) with `arguments`.
    init(executable: URL, _ arguments: [String], input: Bool = false) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if input {
            let pipe = Pipe()
            process.standardInput = pipe
            self.input = pipe.fileHandleForWriting
        } else {
            self.input = nil
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let printed = self.printed
        out.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil; return }
            printed.state.withLock { state in
                state.partial.append(chunk)
                while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                    state.out.append(String(decoding: state.partial[state.partial.startIndex..<newline], as: UTF8.self))
                    state.partial.removeSubrange(state.partial.startIndex...newline)
                }
            }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil; return }
            printed.state.withLock { $0.err.append(chunk) }
        }
        try process.run()
    }

    /// Standard output so far, by line.
    var stdout: [String] { printed.state.withLock { $0.out } }
    /// Standard error so far.
    var stderr: String { printed.state.withLock { String(decoding: $0.err, as: UTF8.self) } }
    var processID: Int32 { process.processIdentifier }

    /// The first output line for which `match` holds, waiting up to `timeout`; nil if none came.
    func line(within timeout: Duration = .seconds(40), where match: (String) -> Bool) async -> String? {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            if let found = stdout.first(where: match) { return found }
            guard process.isRunning else { return stdout.first(where: match) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Writes `line` and a newline to the process's standard input (started with `input: true`).
    func type(_ line: String) throws {
        try input?.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits up to `timeout` for the process to exit and returns its status; kills it (and returns nil)
    /// if it is still running then.
    func wait(within timeout: Duration = .seconds(50)) async -> Int32? {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while process.isRunning, clock.now < end { try? await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        // The last output may still be in the pipe.
        try? await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// A round's progress line: `    3  5/5 …` (the round number first).
func isProgressLine(_ line: String, round: Int) -> Bool {
    line.range(of: #"^\s+\#(round)\s+\d+/\d+ "#, options: .regularExpression) != nil
}

/// The pid in an announce line `  node NAME at ENDPOINT (pid N, …)` for host `name`.
func announcedPID(_ lines: [String], node name: String) -> Int32? {
    for line in lines where line.hasPrefix("  node \(name) ") {
        guard let range = line.range(of: #"pid \d+"#, options: .regularExpression) else { continue }
        return Int32(line[range].dropFirst(4))
    }
    return nil
}
