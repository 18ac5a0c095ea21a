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
        process.standardError = errorOutput(prefixedWith: outputPrefix)
        let exit = ExitSignal.watching(process)
        let ready = ReadyLineReader(passThroughPrefix: outputPrefix ?? "")
        stdoutPipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil }
            let passThrough = ready.consume(chunk)
            if !passThrough.isEmpty { FileHandle.standardError.write(passThrough) }
        }
        do {
            try process.run()
        } catch {
            throw MeshError(
                .invalidConfiguration, "could not start node \(executable.path): \(error.localizedDescription)")
        }
        if let input { try? stdinPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
        let endpoint = try await waitForReadyLine(
            of: process, named: executable.lastPathComponent, from: ready, within: readyTimeout)
        return NodeProcess(process: process, stdinPipe: stdinPipe, exit: exit, endpoint: endpoint)
    }

    /// Where the child's standard error goes: this process's, or (with `prefix`) a pipe whose lines
    /// are passed on to it with the prefix.
    private static func errorOutput(prefixedWith prefix: String?) -> Any {
        guard let prefix else { return FileHandle.standardError }
        let pipe = Pipe()
        let lines = LinePrefixer(prefix: Data(prefix.utf8))
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil }
            let whole = chunk.isEmpty ? lines.flush() : lines.lines(in: chunk)
            if !whole.isEmpty { FileHandle.standardError.write(whole) }
        }
        return pipe
    }

    /// Waits until `ready` has seen the child's ready line and returns its endpoint; throws if the
    /// child exits first or `timeout` passes (then the child is terminated).
    private static func waitForReadyLine(
        of process: Process, named name: String, from ready: ReadyLineReader, within timeout: Duration
    ) async throws -> String {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            if let endpoint = ready.endpoint { return endpoint }
            guard process.isRunning else {
                throw MeshError(
                    .transport,
                    """
                    node \(name) exited with status \(process.terminationStatus) before it was ready; its error \
                    output is above
                    """
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        process.terminate()
        throw MeshError(.deadlineExceeded, "node \(name) did not print its ready line within \(timeout)")
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
