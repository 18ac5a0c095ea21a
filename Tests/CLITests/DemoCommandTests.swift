import FedActorsTesting
import Foundation
import Testing

/// Runs the real `fedactors` executable, as a user would.
@Suite struct DemoCommandTests {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `fedactors` with this process's environment plus `environment`, less the `removing` names.
    func run(_ arguments: [String], environment: [String: String] = [:], removing: Set<String> = []) async throws
        -> Output
    {
        let process = Process()
        process.executableURL = try Executables.url("fedactors")
        process.arguments = arguments
        if !environment.isEmpty || !removing.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.filter {
                !removing.contains($0.key)
            }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        async let stdout = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderr = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }.value
        let (o, e) = await (stdout, stderr)
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs `fedactors` with standard output and standard error into one pipe, as `2>&1 | tee` does.
    func runMerged(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try Executables.url("fedactors")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = await Task.detached { pipe.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func demoRunsNodeProcessesAndReconcilesTheirLedgers() async throws {
        let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("demo-ledger-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: ledger) }
        let result = try await run([
            "demo", "--nodes", "3", "--rounds", "2", "--floats", "50000", "--ledger-json", ledger.path,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("round ") }.count == 2)
        #expect(lines.filter { $0.hasSuffix("match") && !$0.hasSuffix("MISMATCH") }.count == 3)
        #expect(result.stdout.contains("summary: 3 nodes, 2 rounds"))
        // 3 nodes x 2 rounds x 200,000 bytes of payload each way, plus headers.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: ledger)) as? [String: Any]
        let rows = try #require(json?["rows"] as? [[String: Any]])
        let echoPayload = rows.compactMap { row -> Int? in
            guard let key = row["key"] as? [String: Any], key["method"] as? String == "echo(_:)",
                key["direction"] as? String == "sent",
                let counters = row["counters"] as? [String: Any]
            else { return nil }
            return counters["payloadBytes"] as? Int
        }.reduce(0, +)
        #expect(echoPayload >= 3 * 2 * 200_000)
        #expect(echoPayload < 3 * 2 * 200_000 + 1000)
    }

    @Test func badFlagsFailWithAMessage() async throws {
        let result = try await run(["demo", "--nodes", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--nodes must be 1...64"))
    }

    @Test func logLevelIsATypedOptionThatNamesItsValues() async throws {
        let wrong = try await run(["run", "no-such-topology.yaml", "--log-level", "loud"])
        #expect(wrong.status == 64, "stderr: \(wrong.stderr)")
        #expect(wrong.stderr.contains("loud"))
        #expect(wrong.stderr.contains("critical"), "the valid levels are listed: \(wrong.stderr)")
        let help = try await run(["node", "--help"])
        #expect(help.stdout.contains("trace"), "\(help.stdout)")
        let right = try await run(["demo", "--nodes", "1", "--log-level", "debug"])
        #expect(right.status == 0, "stderr: \(right.stderr)")
    }

    @Test func keysGenerateWritesAKeyPair() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID())")
        defer { try? FileManager.default.removeItem(at: parent) }
        // The directory does not exist yet: it is created, readable by its owner only.
        let dir = parent.appendingPathComponent("mesh")
        let result = try await run(["keys", "generate", "--name", "n1", "--directory", dir.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let secret = try String(contentsOf: dir.appendingPathComponent("n1.key"), encoding: .utf8)
        let pub = try String(contentsOf: dir.appendingPathComponent("n1.pub"), encoding: .utf8)
        #expect(secret.trimmingCharacters(in: .whitespacesAndNewlines).count == 40)
        #expect(pub.trimmingCharacters(in: .whitespacesAndNewlines).count == 40)
        #expect(result.stdout.contains(pub.trimmingCharacters(in: .whitespacesAndNewlines)))
        let mode = try FileManager.default.attributesOfItem(atPath: dir.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        let again = try await run(["keys", "generate", "--name", "n1", "--directory", dir.path])
        #expect(again.status != 0)
    }
}

@Suite struct ValidateCommandTests {
    @Test func validFileExitsZeroAndBrokenFileExitsTwoWithLocation() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.yaml").path
        let scaffold = try await DemoCommandTests().run(["topology", "new", good, "--clients", "5"])
        #expect(scaffold.status == 0, "stderr: \(scaffold.stderr)")
        let ok = try await DemoCommandTests().run(["validate", good])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout.contains("5 clients"))

        let bad = dir.appendingPathComponent("bad.yaml")
        try """
        name: x\nclients:\n  - {group: a, count: 3}\ndata: {dataset: fashion-mnist}\nmodel: 2nn\nstrategy: \
        fedavgg\n
        """
        .write(to: bad, atomically: true, encoding: .utf8)
        let refused = try await DemoCommandTests().run(["validate", bad.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("bad.yaml:6:11: strategy: expected one of"))
        #expect(refused.stderr.contains("did you mean 'fedavg'?"))

        // Well formed, but a strategy option this build refuses: caught before anything starts.
        let unrunnable = dir.appendingPathComponent("unrunnable.yaml")
        try """
        name: x\nclients:\n  - {group: a, count: 3}\ndata: {dataset: fashion-mnist}\nmodel: 2nn\nstrategy: {name: \
        fedprox, muu: 0.1}\n
        """
        .write(to: unrunnable, atomically: true, encoding: .utf8)
        let notRun = try await DemoCommandTests().run(["validate", unrunnable.path])
        #expect(notRun.status == 2)
        #expect(
            notRun.stderr.contains(
                "unrunnable.yaml:6:32: strategy.muu: fedprox has no option 'muu' (did you mean 'mu'?)"),
            "stderr: \(notRun.stderr)")
        let runRefused = try await DemoCommandTests().run(["run", unrunnable.path])
        #expect(runRefused.status == 2)
        #expect(runRefused.stderr.contains("fedprox has no option 'muu'"))
    }

    /// A topology whose run would fail only once the nodes are up (here a model that does not fit the
    /// dataset, and a server the remote host cannot reach) is refused by `validate`, located, and
    /// `run` refuses it the same way before starting anything: the message is printed once.
    @Test func topologiesThatWouldFailAfterTheNodesStartAreRefusedUpFront() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gru = dir.appendingPathComponent("gru.yaml")
        try """
        name: gru\nclients:\n  - {group: a, count: 3}\ndata: {dataset: fashion-mnist}\nmodel: gru\nstrategy: \
        fedavg\n
        """
        .write(to: gru, atomically: true, encoding: .utf8)
        let refused = try await DemoCommandTests().run(["validate", gru.path])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("gru.yaml:5:8: model: gru cannot be built for fashion-mnist"),
            "stderr: \(refused.stderr)")
        let notRun = try await DemoCommandTests().run(["run", gru.path])
        #expect(notRun.status == 2)
        #expect(notRun.stderr.components(separatedBy: "gru cannot be built").count == 2, "stderr: \(notRun.stderr)")
        #expect(!notRun.stdout.contains("node "), "no node should start: \(notRun.stdout)")

        let far = dir.appendingPathComponent("far.yaml")
        try """
        name: far\nhosts: [{name: h2, start: running, endpoint: \"tcp://10.77.0.2:7102\"}]\nclients: [{group: a, \
        count: 3, host: h2}]\ndata: {dataset: fashion-mnist}\nmodel: 2nn\nstrategy: fedavg\n
        """
        .write(to: far, atomically: true, encoding: .utf8)
        let unreachable = try await DemoCommandTests().run(["validate", far.path])
        #expect(unreachable.status == 2)
        #expect(
            unreachable.stderr.contains("far.yaml:2:46: server.bind: host h2 is at tcp://10.77.0.2:7102"),
            "stderr: \(unreachable.stderr)")
    }
}

/// Errors after the arguments parsed say what went wrong, without the usage line; argument mistakes
/// keep it.
@Suite struct CommandErrorTests {
    @Test func aFailureAfterParsingPrintsOnlyItsMessage() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID()).json").path
        let report = try await DemoCommandTests().run(["report", missing])
        #expect(report.status == 1)
        #expect(report.stderr.hasPrefix("Error: cannot read \(missing): check the path"), "stderr: \(report.stderr)")
        #expect(!report.stderr.contains("Usage:"), "stderr: \(report.stderr)")
        let launch = try await DemoCommandTests().run([
            "launch", RunCommandTests.repoRoot.appendingPathComponent("Topologies/quickstart.yaml").path,
        ])
        #expect(
            launch.stderr.contains("use `fedactors run`") && !launch.stderr.contains("Usage:"),
            "stderr: \(launch.stderr)")
    }

    @Test func anArgumentMistakeStillShowsTheUsage() async throws {
        let result = try await DemoCommandTests().run(["demo", "--nodes", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--nodes must be 1...64"))
        #expect(result.stderr.contains("Usage: fedactors demo"), "stderr: \(result.stderr)")
    }
}
