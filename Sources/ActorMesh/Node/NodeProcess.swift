import Foundation
import Synchronization

/// A FedActors node running as a child process (`fedactors node …` or a test node).
///
/// The child prints one line `FEDACTORS-NODE READY <endpoint> <pid>` on standard output once it
/// serves; ``launch(executable:arguments:environment:input:outputPrefix:readyTimeout:)`` waits for
/// that line. The child's standard input is a pipe held by this object: when the parent dies the pipe
/// closes and the child exits, so no orphan nodes are left behind. Other output of the child goes to this process's standard error.
package final class NodeProcess: @unchecked Sendable {
    // @unchecked: `process` and `stdinPipe` are set once in init and only used through thread-safe
    // Foundation calls (terminate, isRunning, waitUntilExit, fileHandle close); the mutable state
    // (`endpoint` discovery during launch, and the exit observers in `exit`) lives behind Mutexes.
    private let process: Process
    private let stdinPipe: Pipe
    private let exit: ExitSignal

    /// The endpoint the child announced.
    package let endpoint: String
    /// The child's process id.
    package var processID: Int32 { process.processIdentifier }

    /// The prefix of the line a node prints once it serves.
    package static let readyPrefix = "FEDACTORS-NODE READY "

    private init(process: Process, stdinPipe: Pipe, exit: ExitSignal, endpoint: String) {
        self.process = process
        self.stdinPipe = stdinPipe
        self.exit = exit
        self.endpoint = endpoint
    }

    /// Calls `handler` once when the child ends (at once if it already has), with how it ended in
    /// words: `exited with status 1`, `was killed by signal 9`.
    package func whenExited(_ handler: @escaping @Sendable (String) -> Void) {
        exit.observe(handler)
    }

    /// Starts `executable arguments…` and waits until it prints its ready line. `environment` is added
    /// to (and overrides) this process's environment for the child. `input` is written to the child's
    /// standard input first (which then stays open: the child stops when it closes). With
    /// `outputPrefix`, every line the child prints besides its ready line, on either output, is
    /// passed on with that prefix (a remote node's lines, named by host).
    package static func launch(
        executable: URL, arguments: [String], environment: [String: String] = [:], input: String? = nil,
        outputPrefix: String? = nil,
        readyTimeout: Duration = .seconds(30)
    ) async throws -> NodeProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdinPipe = Pipe(), stdoutPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        let prefix = Data((outputPrefix ?? "").utf8)
        if outputPrefix != nil {
            let stderrPipe = Pipe()
            process.standardError = stderrPipe
            let lines = LinePrefixer(prefix: prefix)
            stderrPipe.fileHandleForReading.readabilityHandler = { handle in
                let chunk = handle.availableData
                if chunk.isEmpty { handle.readabilityHandler = nil }
                let whole = chunk.isEmpty ? lines.flush() : lines.lines(in: chunk)
                if !whole.isEmpty { FileHandle.standardError.write(whole) }
            }
        } else {
            process.standardError = FileHandle.standardError
        }
        let exit = ExitSignal()
        process.terminationHandler = { ended in
            exit.fire(
                ended.terminationReason == .uncaughtSignal
                    ? "was killed by signal \(ended.terminationStatus)"
                    : "exited with status \(ended.terminationStatus)")
        }

        let announced = Mutex<(buffer: Data, endpoint: String?)>((Data(), nil))
        stdoutPipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            let passThrough = announced.withLock { state -> Data in
                state.buffer.append(chunk)
                var other = Data()
                while let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: state.buffer[state.buffer.startIndex..<newline], as: UTF8.self)
                    state.buffer.removeSubrange(state.buffer.startIndex...newline)
                    if state.endpoint == nil, line.hasPrefix(readyPrefix) {
                        state.endpoint = line.dropFirst(readyPrefix.count).split(separator: " ").first.map(String.init)
                    } else {
                        other.append(prefix)
                        other.append(contentsOf: Array((line + "\n").utf8))
                    }
                }
                return other
            }
            if !passThrough.isEmpty { FileHandle.standardError.write(passThrough) }
        }
        do {
            try process.run()
        } catch {
            throw MeshError(
                .invalidConfiguration, "could not start node \(executable.path): \(error.localizedDescription)")
        }
        if let input { try? stdinPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
        let clock = ContinuousClock()
        let end = clock.now + readyTimeout
        while clock.now < end {
            if let endpoint = announced.withLock({ $0.endpoint }) {
                return NodeProcess(process: process, stdinPipe: stdinPipe, exit: exit, endpoint: endpoint)
            }
            guard process.isRunning else {
                throw MeshError(
                    .transport,
                    """
                    node \(executable.lastPathComponent) exited with status \(process.terminationStatus) before it \
                    was ready; its error output is above
                    """
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        process.terminate()
        throw MeshError(
            .deadlineExceeded,
            "node \(executable.lastPathComponent) did not print its ready line within \(readyTimeout)")
    }

    /// Whether the child still runs.
    package var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM (the node shuts down cleanly) and closes its standard input.
    package func terminate() {
        try? stdinPipe.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }

    /// Kills the child at once (SIGKILL): a crash, as far as its peers can tell.
    package func kill() {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Stops the child in order: closes its standard input (a node then shuts down by itself), waits
    /// up to `grace`, then sends SIGTERM and waits up to `grace` again. Returns its exit status, or nil
    /// if it still runs. Waiting means whatever the child prints last comes before what follows.
    package func stop(grace: Duration = .seconds(3)) async -> Int32? {
        try? stdinPipe.fileHandleForWriting.close()
        if let status = await waitForExit(timeout: grace) { return status }
        if process.isRunning { process.terminate() }
        return await waitForExit(timeout: grace)
    }

    /// Waits up to `timeout` for the child to exit; returns its status, or `nil` if it still runs.
    package func waitForExit(timeout: Duration = .seconds(10)) async -> Int32? {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while process.isRunning, clock.now < end { try? await Task.sleep(for: .milliseconds(10)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit { terminate() }
}
