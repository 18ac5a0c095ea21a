import ActorMesh
import FedActorsTesting
import Federation
import Foundation
import Testing

/// The run identity through `fedactors run`: a pre-started node (no token) serves one run at a time,
/// its report counts only that run, and it is free again for the next run when a run ends.
@Suite(.serialized) struct RunIdentityRunTests {
    func topology(endpoint: String) -> String {
        """
        name: claimed
        seed: 5
        hosts: [{name: a, start: running, endpoint: "\(endpoint)"}]
        clients: [{group: g, count: 2, host: a}]
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 1, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        """
    }

    @Test func aRunningNodeIsClaimedByOneRunAtATimeAndReleasedAtItsEnd() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimed-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let node = try await NodeProcess.launch(
            executable: try Executables.url("fedactors"), arguments: ["node", "--bind", "tcp://127.0.0.1:0"])
        defer { node.terminate() }
        let file = dir.appendingPathComponent("claimed.yaml")
        try topology(endpoint: node.endpoint).write(to: file, atomically: true, encoding: .utf8)

        // Two runs one after the other: the first releases the node at its end, the second claims it.
        for run in 1...2 {
            let json = dir.appendingPathComponent("run\(run).json")
            let result = try await DemoCommandTests().run(["run", file.path, "--output", json.path])
            #expect(result.status == 0, "run \(run) stderr: \(result.stderr)")
            let report = try RunReport.load(from: Data(contentsOf: json))
            // The node's ledger starts afresh with each run: one createClients, from this run's server.
            let ledger = try #require(report.ledgers[node.endpoint])
            let created = ledger.total { $0.method == "createClients(_:)" && $0.direction == .received }
            #expect(created.messages == 1, "run \(run): \(ledger.rows.map(\.key))")
            #expect(ledger.total(.rejected).messages == 0)
        }

        // A coordinator of another run claims the node and keeps it: a run started meanwhile is
        // refused at its first call, saying the node serves another run.
        var settings = MeshSettings()
        settings.runToken = RunToken.random()
        let other = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"), settings: settings)
        defer { other.shutdown() }
        _ = try await NodeService.at(node.endpoint, using: other).info()
        let refused = try await DemoCommandTests().run([
            "run", file.path, "--output", dir.appendingPathComponent("run3.json").path,
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("serves another run"), "\(refused.stderr)")
        #expect(node.isRunning)
        // Its own coordinator releases it; the node is open again.
        #expect(try await NodeService.at(node.endpoint, using: other).release())
    }

    /// A node started with another run's token is never claimed: the run is refused.
    @Test func aNodeBoundToAnotherRunRefusesTheRun() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bound-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let node = try await NodeProcess.launch(
            executable: try Executables.url("fedactors"), arguments: ["node", "--bind", "tcp://127.0.0.1:0"],
            environment: ["FEDACTORS_RUN_TOKEN": RunToken.random().description])
        defer { node.terminate() }
        let file = dir.appendingPathComponent("bound.yaml")
        try topology(endpoint: node.endpoint).write(to: file, atomically: true, encoding: .utf8)
        let refused = try await DemoCommandTests().run([
            "run", file.path, "--output", dir.appendingPathComponent("bound.json").path,
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("foreignRun"), "\(refused.stderr)")
        #expect(refused.stderr.contains("it was started for that run"), "\(refused.stderr)")

        let badToken = try await DemoCommandTests().run(["node", "--run-token", "xyz"])
        #expect(badToken.status != 0)
        #expect(badToken.stderr.contains("--run-token: 'xyz' is not a run token"), "\(badToken.stderr)")
    }

    /// `fedactors node` with standard input at end of file: it starts, prints what it has to say and
    /// stops at once. Returns its standard error.
    func nodeStartingAndStopping(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try Executables.url("fedactors")
        process.arguments = ["node"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let output = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    @Test func aNodeWarnsWhenItBindsTheNetworkWithoutCurve() throws {
        let exposed = try nodeStartingAndStopping(["--bind", "tcp://0.0.0.0:0"])
        #expect(exposed.contains("without CURVE"), "\(exposed)")
        #expect(exposed.contains("protects against accidents, not attackers"), "\(exposed)")
        let loopback = try nodeStartingAndStopping(["--bind", "tcp://127.0.0.1:0"])
        #expect(loopback.contains("stopped: standard input closed"), "\(loopback)")
        #expect(!loopback.contains("without CURVE"), "\(loopback)")
    }
}
