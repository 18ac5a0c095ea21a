import ActorMesh
import FedActorsTesting
import Federation
import Foundation
import Testing

/// `server: {host: NAME}`: the FL server as a distributed actor on a node of the topology, the
/// launching process its driver. Real node processes, real Fashion-MNIST, real ZeroMQ.
@Suite(.serialized) struct PlacedServerRunTests {
    /// Two client hosts and a third host `s`; with `placed`, the server runs on `s`'s node.
    static func topology(placed: Bool, rounds: Int = 3) -> String {
        """
        name: placed
        seed: 11
        hosts:
          - {name: a, start: local}
          - {name: b, start: local}
          - {name: s, start: local}
        \(placed ? "server: {host: s}" : "")
        clients:
          - {group: g, count: 6, hosts: [a, b]}
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: \(rounds), local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        participation: {fraction: 0.5, min_fit: 2}
        """
    }

    static func directory(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The console from the round table on, with every number masked: the form of the output.
    static func form(_ stdout: String) -> [String] {
        let lines = stdout.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("round  done/inv") }) else { return [] }
        return lines[start...].filter { !$0.hasPrefix("report:") }.map {
            $0.replacingOccurrences(of: #"[0-9]+(\.[0-9]+)?"#, with: "#", options: .regularExpression)
                .replacingOccurrences(of: #" +"#, with: " ", options: .regularExpression)
        }
    }

    /// What a round learnt and who took part, without its wall time.
    struct Learnt: Equatable {
        var invited, completed, straggled, dropped, failed: [Int]
        var accuracy, loss, trainLoss: Double?
        var virtualSeconds: Double
        var logicalDown, logicalUp: Int

        init(_ r: RoundRecord) {
            (invited, completed, straggled, dropped, failed) = (
                r.invited, r.completed, r.straggled, r.dropped, r.failed
            )
            (accuracy, loss, trainLoss, virtualSeconds) = (
                r.globalAccuracy, r.globalLoss, r.trainLoss, r.virtualSeconds
            )
            (logicalDown, logicalUp) = (r.logicalBytesDown, r.logicalBytesUp)
        }
    }

    /// The events of a run without their times, in a canonical order (answers arrive in wall-clock order).
    static func events(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let event = try JSONDecoder().decode(RunEvent.self, from: Data(line.utf8))
            return "\(event.event.rawValue) round=\(event.round ?? -1) client=\(event.client ?? -1)"
        }.sorted()
    }

    /// The same topology with the server in the launching process and on a local node process: the
    /// same rounds, clients, accuracy and losses for the same seed, the same console and events in
    /// form; the server's ledger is its node's; its checkpoint is written there and resumes.
    @Test func aServerOnALocalNodeProcessRunsTheSameFederationAsOneInTheDriver() async throws {
        let dir = try Self.directory("placed-local")
        defer { try? FileManager.default.removeItem(at: dir) }
        var reports: [RunReport] = []
        var outputs: [DemoCommandTests.Output] = []
        for placed in [false, true] {
            let file = dir.appendingPathComponent("placed-\(placed).yaml")
            try Self.topology(placed: placed).write(to: file, atomically: true, encoding: .utf8)
            let json = dir.appendingPathComponent("placed-\(placed).json")
            let result = try await DemoCommandTests().run([
                "run", file.path, "--output", json.path, "--events",
                dir.appendingPathComponent("events-\(placed)").path,
                "--checkpoint", dir.appendingPathComponent("ckpt-\(placed)").path,
            ])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            outputs.append(result)
            reports.append(try RunReport.load(from: Data(contentsOf: json)))
        }
        let (driver, placed) = (reports[0], reports[1])
        #expect(driver.rounds.count == 3 && placed.rounds.count == 3)
        #expect(placed.rounds.map(Learnt.init) == driver.rounds.map(Learnt.init))
        #expect(placed.finalAccuracy == driver.finalAccuracy && (placed.finalAccuracy ?? 0) > 0.5)
        #expect(Set(placed.summary.keys) == Set(driver.summary.keys))
        #expect(placed.summary["hosts"] == driver.summary["hosts"])
        // The console and the events are the same in form: only the numbers of wall time and bytes differ.
        #expect(Self.form(outputs[1].stdout) == Self.form(outputs[0].stdout), "\(outputs[1].stdout)")
        #expect(Self.form(outputs[1].stdout).contains { $0.hasPrefix(" final accuracy") })
        let driverEvents = try Self.events(dir.appendingPathComponent("events-false"))
        let placedEvents = try Self.events(dir.appendingPathComponent("events-true"))
        #expect(placedEvents == driverEvents)
        #expect(placedEvents.filter { $0.hasPrefix("checkpoint_written") }.count == 3)
        // The server ran on host s's node: the report's "server" ledger is that node's.
        let announced = try #require(
            outputs[1].stdout.split(separator: "\n").first { $0.contains("node s at ") && $0.contains("the FL server") }
        )
        let serverEndpoint = try #require(report(placed, endpointOf: "server"))
        #expect(announced.contains("node s at \(serverEndpoint) "), "\(announced)")
        #expect(placed.ledgers.count == 3)
        // The checkpoint was written where the server ran, and --resume continues the run there.
        let checkpoint = dir.appendingPathComponent("ckpt-true").path
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        let json = dir.appendingPathComponent("resumed.json")
        let resumed = try await DemoCommandTests().run([
            "run", dir.appendingPathComponent("placed-true.yaml").path, "--rounds", "4", "--resume", checkpoint,
            "--output", json.path,
        ])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming after round 3 of 4"))
        let continued = try RunReport.load(from: Data(contentsOf: json))
        #expect(continued.rounds.count == 4)
        #expect(continued.rounds.prefix(3).map(Learnt.init) == placed.rounds.map(Learnt.init))
        #expect(continued.summary["resumed after round"] == "3")
    }

    func report(_ report: RunReport, endpointOf name: String) -> String? {
        report.nodeNames?.first { $0.value == name }?.key
    }

    /// The driver killed mid-run: the server on its node finishes every round and writes the report
    /// on its host, at the path the driver would have written.
    @Test func theServerFinishesTheRunAndWritesItsReportWhenTheDriverDies() async throws {
        let dir = try Self.directory("placed-orphan")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("placed.yaml")
        try Self.topology(placed: true, rounds: 40).write(to: file, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("report.json"), events = dir.appendingPathComponent("events")
        let process = Process()
        process.executableURL = try Executables.url("fedactors")
        process.arguments = ["run", file.path, "--output", json.path, "--events", events.path]
        process.standardOutput = FileHandle.nullDevice
        let log = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // Once the first round has ended, the driver dies without a word.
        let roundEnded = await eventually(within: .seconds(120), every: .milliseconds(100)) {
            ((try? String(contentsOf: events, encoding: .utf8)) ?? "").contains("\"round_ended\"")
        }
        #expect(roundEnded)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: json.path))
        let written = await eventually(within: .seconds(400), every: .milliseconds(250)) {
            (try? RunReport.load(from: Data(contentsOf: json))) != nil
        }
        #expect(written, "stderr: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 40)
        #expect(report.interrupted != true)
        #expect((report.finalAccuracy ?? 0) > 0.5)
    }

    /// A topology whose server.host names no host is refused, located, before anything starts.
    @Test func aServerHostThatDoesNotExistIsRefusedWithItsLine() async throws {
        let dir = try Self.directory("placed-unknown")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("placed.yaml")
        try Self.topology(placed: true).replacingOccurrences(of: "{host: s}", with: "{host: z}").write(
            to: file, atomically: true, encoding: .utf8)
        let result = try await DemoCommandTests().run(["run", file.path])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("placed.yaml:7:16: server.host: expected one of a, b, s, found 'z'"),
            "\(result.stderr)")
    }

    /// Topologies/server-on-host-netns.yaml through `fedactors launch`: the server on a network
    /// namespace host of its own, the clients on two others, the driver on the bridge.
    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func launchRunsTheServerOnANamespaceHostOfItsOwn() async throws {
        let hosts = try NetnsHosts.up(3)
        defer { hosts.down() }
        let dir = try Self.directory("placed-netns")
        defer { try? FileManager.default.removeItem(at: dir) }
        let shipped = try String(
            contentsOf: RunCommandTests.repoRoot.appendingPathComponent("Topologies/server-on-host-netns.yaml"),
            encoding: .utf8)
        let topology = dir.appendingPathComponent("server-on-host-netns.yaml").path
        try hosts.substituted(into: shipped).write(toFile: topology, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("report.json"), checkpoint = dir.appendingPathComponent("ckpt")
        let result = try await DemoCommandTests().run([
            "launch", topology, "--rounds", "3", "--output", json.path, "--checkpoint", checkpoint.path,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 3)
        #expect((report.finalAccuracy ?? 0) > 0.5)
        // The server answered from h1's address; the clients from h2's and h3's; the driver is no node of the report.
        let server = "tcp://\(hosts.address(of: 1)):7101"
        #expect(report.nodeNames?[server] == "server")
        #expect(
            report.ledgers.keys.sorted()
                == [server, "tcp://\(hosts.address(of: 2)):7102", "tcp://\(hosts.address(of: 3)):7103"].sorted())
        // What the server sent the two client hosts is what they received, to the byte (the driver,
        // which it also sent its news, never calls them).
        let clientNodes = report.ledgers.filter { $0.key != server }
        let received = clientNodes.values.reduce(0) { $0 + $1.total(.received).totalBytes }
        let serverLedger = try #require(report.ledgers[server])
        let sentToClients = serverLedger.total { $0.direction == .sent && clientNodes.keys.contains($0.peer) }
        #expect(sentToClients.totalBytes == received)
        // The console as with the server in the driver: the round table, the summary, the final accuracy.
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "server-on-host-netns: 15 clients, fedavg, 2nn on fashion-mnist, 3 rounds")
        #expect(lines.contains { $0.hasPrefix("round  done/inv") })
        #expect(lines.filter { $0.range(of: #"^\s+[123]\s+\d+/\d+ "#, options: .regularExpression) != nil }.count == 3)
        #expect(result.stdout.contains("communication summary") && result.stdout.contains("final accuracy"))
        #expect(lines.contains { $0.contains("node h1 at \(server) (pid") && $0.contains("the FL server") })
        #expect(FileManager.default.fileExists(atPath: checkpoint.path))
    }
}

extension PlacedServerRunTests {
    /// `launch --dry-run` says where the server runs, and starts the server's host though it has no clients.
    @Test func launchDryRunSaysWhichHostRunsTheServer() async throws {
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/server-on-host-netns.yaml").path
        let result = try await DemoCommandTests().run(["launch", topology, "--dry-run"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(
            result.stdout.contains(
                "server-on-host-netns: server on host h1's node, driven from this process on tcp://10.77.0.254:0"),
            "\(result.stdout)")
        #expect(result.stdout.contains("h1: 0 clients, the FL server; runs: ip netns exec fa-h1 /"), "\(result.stdout)")
        #expect(!result.stdout.contains("not started"))
    }

    /// SIGTERM of the driver of a placed server: the server stops after the round under way, the
    /// interrupted run's report of the rounds it completed comes back (exit 143), the checkpoint is
    /// written on the server's host, and `--resume` continues from it. The run has the most rounds a
    /// topology allows, so however late the signal comes, it comes before the run could end.
    @Test func anInterruptedPlacedRunReportsAndResumesFromTheServersCheckpoint() async throws {
        let dir = try Self.directory("placed-interrupted")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("placed.yaml")
        let rounds = 100_000
        try Self.topology(placed: true, rounds: rounds).write(to: file, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("interrupted.json")
        let checkpoint = dir.appendingPathComponent("ckpt").path
        let interrupted = try LiveCommand(["run", file.path, "--output", report.path, "--checkpoint", checkpoint])
        #expect(
            await interrupted.line(within: .seconds(120)) { isProgressLine($0, round: 1) } != nil,
            "stdout: \(interrupted.stdout)\nstderr: \(interrupted.stderr)")
        interrupted.send(SIGTERM)
        #expect(
            await interrupted.wait(within: .seconds(120)) == 143,
            "stdout: \(interrupted.stdout)\nstderr: \(interrupted.stderr)")
        let partial = try RunReport.load(from: Data(contentsOf: report))
        let completed = partial.rounds.count
        // The report holds the rounds completed, in order, each one printed, and says where it stopped.
        #expect(partial.interrupted == true)
        #expect(completed >= 1 && partial.rounds.map(\.round) == Array(1...max(1, completed)))
        #expect(partial.summary["interrupted"] == "after round \(completed) of \(rounds)", "\(partial.summary)")
        let printed = interrupted.stdout
        #expect(
            (1...max(1, completed)).allSatisfy { round in printed.contains { isProgressLine($0, round: round) } },
            "\(printed)")
        #expect(partial.summary["checkpoint"] == checkpoint)
        #expect(try ServerCheckpoint.read(from: URL(fileURLWithPath: checkpoint)).completedRounds == completed)
        #expect(interrupted.stdout.contains { $0.contains("--resume \(checkpoint)") }, "\(interrupted.stdout)")
        let done = partial.rounds.count
        let resumed = try await DemoCommandTests().run([
            "run", file.path, "--resume", checkpoint, "--rounds", String(done + 1), "--output",
            dir.appendingPathComponent("resumed.json").path,
        ])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let continued = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("resumed.json")))
        #expect(continued.rounds.count == done + 1)
        #expect(continued.summary["resumed after round"] == String(done))
    }
}
