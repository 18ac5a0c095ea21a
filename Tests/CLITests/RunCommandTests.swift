import ActorMesh
import FedActorsTesting
import Federation
import Foundation
import Learning
import Testing

/// `fedactors run` end to end: real node processes, real Fashion-MNIST, real ZeroMQ.
@Suite(.serialized) struct RunCommandTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func quickstartRunsAndPrintsItsCommunicationSummary() async throws {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("quickstart-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: json) }
        // scripts/test sets OPENBLAS_CORETYPE for the tests on a CPU that OpenBLAS falls back on (this
        // process cannot re-execute itself); these runs clear it, so fedactors' own relaunch is checked.
        let environment = ProcessInfo.processInfo.environment
        let scripted = environment["FEDACTORS_TESTS_SET_CORETYPE"] != nil
        let cleared: Set<String> = scripted ? ["OPENBLAS_CORETYPE", "FEDACTORS_TESTS_SET_CORETYPE"] : []
        let result = try await DemoCommandTests().run(
            [
                "run", Self.repoRoot.appendingPathComponent("Topologies/quickstart.yaml").path, "--rounds", "2",
                "--output", json.path,
            ],
            removing: cleared)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "quickstart: 3 clients, fedavg, 2nn on fashion-mnist, 2 rounds")
        #expect(lines.contains { $0.hasPrefix("round  done/inv") })
        #expect(lines.filter { $0.range(of: #"^\s+[12]\s+3/3 "#, options: .regularExpression) != nil }.count == 2)
        #expect(result.stdout.contains("communication summary"))
        #expect(result.stdout.contains("final accuracy"))
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 2)
        #expect((report.finalAccuracy ?? 0) > 0.5)
        // The kernels the run used: what the caller asked for (scripts/test asks for what fedactors
        // would pick, and the run above re-picked it by relaunching), else what BLASKernels recommends
        // for this CPU over OpenBLAS's fallback, else OpenBLAS's own choice.
        let used = try #require(report.summary["blas kernels"])
        let cpuFlags = BLASKernels.cpuFlags(cpuinfo: try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))
        let asked = environment["OPENBLAS_CORETYPE"]
        if let asked {
            #expect(used.lowercased() == asked.lowercased())
        } else if let wider = BLASKernels.recommendation(active: BLASKernels.active, cpuFlags: cpuFlags) {
            #expect(used.lowercased() == wider.lowercased())
        } else {
            #expect(used == BLASKernels.active)
        }
        // FEDACTORS_BLAS_KERNELS=keep (and no OPENBLAS_CORETYPE) keeps OpenBLAS's own choice: under
        // scripts/test's override, the fallback that override replaces.
        if asked == nil || scripted {
            let kept = try await DemoCommandTests().run(
                [
                    "run", Self.repoRoot.appendingPathComponent("Topologies/quickstart.yaml").path, "--rounds", "1",
                    "--output", json.path,
                ],
                environment: ["FEDACTORS_BLAS_KERNELS": "keep"], removing: cleared)
            #expect(kept.status == 0, "stderr: \(kept.stderr)")
            let own = try #require(try RunReport.load(from: Data(contentsOf: json)).summary["blas kernels"])
            if scripted, let asked {
                #expect(
                    BLASKernels.recommendation(active: own, cpuFlags: cpuFlags)?.lowercased() == asked.lowercased(),
                    "kept \(own)")
            } else {
                #expect(own == BLASKernels.active)
            }
        }
        // `fedactors kernels --override` prints the override a relaunch sets, or nothing.
        let override = try await DemoCommandTests().run(["kernels", "--override"], removing: cleared)
        #expect(override.status == 0)
        let printed = override.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let expected =
            scripted
            ? used
            : asked == nil ? BLASKernels.recommendation(active: BLASKernels.active, cpuFlags: cpuFlags) ?? "" : ""
        #expect(printed.lowercased() == expected.lowercased())
    }

    /// `--checkpoint` after every round, then `--resume`: the resumed run reports the earlier rounds and
    /// continues after them, with the same final model as running straight through.
    @Test func aRunResumesFromItsCheckpoint() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = Self.repoRoot.appendingPathComponent("Topologies/quickstart.yaml").path
        let checkpoint = dir.appendingPathComponent("quickstart.checkpoint").path
        let straight = dir.appendingPathComponent("straight.json").path,
            resumed = dir.appendingPathComponent("resumed.json").path
        let whole = try await DemoCommandTests().run(["run", topology, "--rounds", "3", "--output", straight])
        #expect(whole.status == 0, "stderr: \(whole.stderr)")
        let first = try await DemoCommandTests().run([
            "run", topology, "--rounds", "2", "--checkpoint", checkpoint, "--output",
            dir.appendingPathComponent("first.json").path,
        ])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let second = try await DemoCommandTests().run([
            "run", topology, "--rounds", "3", "--resume", checkpoint, "--output", resumed,
        ])
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(second.stdout.contains("resuming after round 2 of 3"))
        #expect(
            second.stdout.split(separator: "\n").filter {
                $0.range(of: #"^\s+3\s+3/3 "#, options: .regularExpression) != nil
            }.count == 1)
        let a = try RunReport.load(from: Data(contentsOf: URL(fileURLWithPath: straight)))
        let b = try RunReport.load(from: Data(contentsOf: URL(fileURLWithPath: resumed)))
        #expect(b.rounds.count == 3)
        #expect(a.rounds.map(\.globalAccuracy) == b.rounds.map(\.globalAccuracy))

        let refused = try await DemoCommandTests().run([
            "run", topology, "--resume", dir.appendingPathComponent("nothing-here").path,
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("cannot read checkpoint"))
    }

    /// Through a pipe (`2>&1 | tee`), the round lines come out as the rounds end: before the nodes'
    /// shutdown lines on standard error, not all at exit.
    @Test func pipedProgressComesBeforeTheNodesShutdownLines() async throws {
        let topology = FileManager.default.temporaryDirectory.appendingPathComponent("piped-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: topology) }
        try """
        name: piped
        hosts: [{name: a, start: local}, {name: b, start: local}]
        clients:
          - {group: ga, count: 2, host: a}
          - {group: gb, count: 2, host: b}
        data: {dataset: fashion-mnist, partition: {kind: iid}}
        model: logreg
        strategy: fedavg
        training: {rounds: 2, batch_size: 64, learning_rate: 0.05}
        """.write(to: topology, atomically: true, encoding: .utf8)
        let result = try await DemoCommandTests().runMerged(["run", topology.path, "--output", "/dev/null"])
        #expect(result.status == 0, "output: \(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let lastRound = try #require(
            lines.lastIndex { $0.range(of: #"^\s+2\s+4/4\s"#, options: .regularExpression) != nil },
            "output: \(result.output)")
        let stops = lines.indices.filter { lines[$0].contains("stopped:") }
        #expect(stops.count == 2, "output: \(result.output)")
        #expect(stops.allSatisfy { $0 > lastRound }, "output: \(result.output)")
        let summary = try #require(lines.firstIndex { $0.hasPrefix("communication summary") })
        #expect(summary > lastRound)
    }

    /// Three node processes: what the server's node metered as sent to the clients is what the client
    /// nodes metered as received, and the other way round, to the byte.
    @Test func multiProcessReportBytesEqualTheSumOfTheNodesLedgers() async throws {
        let topology = FileManager.default.temporaryDirectory.appendingPathComponent("three-nodes-\(UUID()).yaml")
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("three-nodes-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: topology); try? FileManager.default.removeItem(at: json) }
        try """
        name: three-nodes
        hosts: [{name: a, start: local}, {name: b, start: local}]
        clients:
          - {group: ga, count: 3, host: a}
          - {group: gb, count: 3, host: b}
        data: {dataset: fashion-mnist, partition: {kind: dirichlet, alpha: 0.5}}
        model: logreg
        strategy: fedavg
        training: {rounds: 2, batch_size: 64, learning_rate: 0.05}
        participation: {fraction: 0.5, min_fit: 2}
        """.write(to: topology, atomically: true, encoding: .utf8)
        let result = try await DemoCommandTests().run(["run", topology.path, "--output", json.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.ledgers.count == 3)
        // The server's node is the only one that sends requests; client nodes only answer.
        let server = try #require(
            report.ledgers.first { $0.value.rows.contains { $0.key.direction == .sent && $0.key.kind == .request } })
        let nodes = report.ledgers.filter { $0.key != server.key }
        #expect(nodes.count == 2)
        // Each ledger carries the topology's name for its node; the printed summary shows it.
        #expect(report.nodeNames?[server.key] == "server")
        #expect(Set(nodes.keys.compactMap { report.nodeNames?[$0] }) == ["a", "b"])
        #expect(
            report.ledgersInOrder.map(\.label) == ["server (\(server.key))"]
                + nodes.keys.sorted { report.nodeNames?[$0] ?? "" < report.nodeNames?[$1] ?? "" }.map {
                    "\(report.nodeNames?[$0] ?? "") (\($0))"
                })
        #expect(result.stdout.contains("  server (\(server.key))"))
        // Requests the server sent = requests the nodes received; replies the nodes sent (all but the
        // ledger() replies, which their snapshots cannot contain) = replies the server received.
        let serverSent = server.value.total { $0.direction == .sent }
        let nodesReceived = nodes.values.reduce(TrafficCounters()) { $0 + $1.total { $0.direction == .received } }
        #expect(serverSent.totalBytes == nodesReceived.totalBytes)
        let serverReceived = server.value.total { $0.direction == .received && $0.method != "ledger()" }
        let nodesSent = nodes.values.reduce(TrafficCounters()) {
            $0 + $1.total { $0.direction == .sent && $0.method != "ledger()" }
        }
        #expect(serverReceived.totalBytes == nodesSent.totalBytes)
        // The rounds' wire bytes are the fit traffic in the server's ledger.
        let fitDown = server.value.total { $0.method == "fit(_:)" && $0.direction == .sent }.totalBytes
        #expect(report.totalWireBytesDown == fitDown)

        // `fedactors report` on this real run: its tables, and an HTML page with the four charts.
        let html = json.deletingPathExtension().appendingPathExtension("html")
        defer { try? FileManager.default.removeItem(at: html) }
        let printed = try await DemoCommandTests().run(["report", json.path, "--html", html.path])
        #expect(printed.status == 0, "stderr: \(printed.stderr)")
        let lines = printed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("traffic of node server (\(server.key)):"))
        // One line per client that was ever invited, each with its invitation count.
        let invited = Set(report.rounds.flatMap(\.invited))
        let clientLines = lines.filter {
            $0.range(of: #"^\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s"#, options: .regularExpression) != nil
        }
        #expect(clientLines.count == invited.count)
        // The role table counts every fit once: requests = invitations over the rounds.
        let fitRequests = report.rounds.reduce(0) { $0 + $1.invited.count }
        #expect(
            lines.contains {
                $0.hasPrefix("ClientActor")
                    && $0.split(separator: " ").dropFirst().first == Substring(String(fitRequests + 6))
            })
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.components(separatedBy: "<svg").count - 1 >= 4)
        #expect(page.contains("<polyline") || page.contains("<path"))
        // And its CSV tables, next to the JSON: per round, per client, every ledger row.
        let base = json.deletingPathExtension().path
        defer {
            for suffix in [".csv", ".clients.csv", ".traffic.csv", ".nodes.csv"] {
                try? FileManager.default.removeItem(atPath: base + suffix)
            }
        }
        func rows(_ suffix: String) throws -> [[Substring]] {
            try String(contentsOfFile: base + suffix, encoding: .utf8).split(separator: "\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false)
            }
        }
        #expect(try rows(".csv").count == report.rounds.count)
        let clients = try rows(".clients.csv")
        #expect(clients.map { Int($0[0]) } == invited.sorted().map { $0 })
        #expect(clients.reduce(0) { $0 + (Int($1[1]) ?? 0) } == fitRequests)
        let traffic = try rows(".traffic.csv")
        #expect(traffic.count == report.ledgers.values.reduce(0) { $0 + $1.rows.count })
        let fitSent = traffic.filter { $0[0] == Substring(server.key) && $0[4] == "fit(_:)" && $0[5] == "sent" }.reduce(
            0
        ) { $0 + (Int($1[9]) ?? 0) + (Int($1[10]) ?? 0) }
        #expect(fitSent == fitDown)
        #expect(printed.stdout.contains("wrote \(base).traffic.csv"))
    }
}
