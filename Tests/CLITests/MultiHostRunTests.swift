import ActorMesh
import FedActorsTesting
import Federation
import Foundation
import Testing

/// The 15-client federation of the issues' acceptance checks, as users start it.
@Suite(.serialized) struct MultiHostRunTests {
    /// Topologies/cross-device-15.yaml: 15 Fashion-MNIST clients (Dirichlet 0.5), 30% participation,
    /// stragglers past a virtual deadline, over real ZeroMQ between three OS processes.
    @Test func crossDevice15OverThreeProcessesPassesSeventyPercentWithinTenRounds() async throws {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("cd15-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: json) }
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/cross-device-15.yaml").path
        let result = try await DemoCommandTests().run(["run", topology, "--rounds", "10", "--output", json.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 10)
        // Three processes: this one (the server) and two client nodes, each with its own ledger.
        #expect(report.ledgers.count == 3)
        #expect(report.rounds.allSatisfy { !$0.completed.isEmpty })
        // Slow phones straggle past the 12-second virtual deadline in some rounds (the run is seeded).
        #expect(
            report.rounds.contains { !$0.straggled.isEmpty }, "stragglers by round: \(report.rounds.map(\.straggled))")
        let best = report.rounds.compactMap(\.globalAccuracy).max() ?? 0
        #expect(best > 0.70, "accuracy by round: \(report.rounds.map { $0.globalAccuracy ?? -1 })")
    }

    /// Topologies/multihost-netns.yaml through `fedactors launch`: three network-namespace hosts with
    /// their own addresses, each node started by `ip netns exec`, the server on the bridge.
    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func launchRunsFifteenClientsAcrossThreeNamespacedHosts() async throws {
        let hosts = try NetnsHosts.up(3)
        defer { hosts.down() }
        // The shipped topology, with this test's own host names and subnet.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netns15-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let shipped = try String(
            contentsOf: RunCommandTests.repoRoot.appendingPathComponent("Topologies/multihost-netns.yaml"),
            encoding: .utf8)
        let topology = dir.appendingPathComponent("multihost-netns.yaml").path
        try hosts.substituted(into: shipped).write(toFile: topology, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("report.json")
        let result = try await DemoCommandTests().run(["launch", topology, "--rounds", "3", "--output", json.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 3)
        // The client nodes answered from their namespace addresses; the server from the bridge.
        #expect(report.ledgers.keys.contains("tcp://\(hosts.address(of: 2)):7102"))
        #expect(report.ledgers.keys.contains("tcp://\(hosts.address(of: 3)):7103"))
        let bridge = "tcp://\(hosts.rootAddress):"
        #expect(report.ledgers.keys.contains { $0.hasPrefix(bridge) })
        // What the server sent is what the two hosts received, to the byte.
        let server = try #require(report.ledgers.first { $0.key.hasPrefix(bridge) }?.value)
        let nodes = report.ledgers.filter { !$0.key.hasPrefix(bridge) }.values
        let received = nodes.reduce(0) { $0 + $1.total(.received).totalBytes }
        #expect(server.total(.sent).totalBytes == received)
        #expect((report.finalAccuracy ?? 0) > 0.5)
    }

    /// A `command` host whose command starts with the bare word fedactors: the word becomes this
    /// fedactors (in the dry-run's plan and in the launch alike), the node starts, announces where it
    /// listens (no endpoint given), the round goes through it, and the node is stopped by closing its
    /// standard input, as a finished run stops it, not by a signal.
    @Test func launchStartsACommandHostWhoseCommandIsTheWordFedactors() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("own-command-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("own-command.yaml")
        try """
        name: own-command
        seed: 7
        hosts:
          - {name: worker, start: command, command: [fedactors, node, --bind, "tcp://127.0.0.1:0"]}
        clients:
          - {group: g, count: 2, host: worker}
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 1, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        """.write(to: topology, atomically: true, encoding: .utf8)
        let plan = try await DemoCommandTests().run(["launch", topology.path, "--dry-run"])
        #expect(plan.status == 0, "stderr: \(plan.stderr)")
        let executable = try Executables.url("fedactors").resolvingSymlinksInPath().path
        #expect(
            plan.stdout.contains("worker: 2 clients; runs: \(executable) node --bind tcp://127.0.0.1:0"),
            "\(plan.stdout)")
        let json = dir.appendingPathComponent("report.json")
        let result = try await DemoCommandTests().run(["launch", topology.path, "--output", json.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.map(\.completed) == [[0, 1]])
        #expect(report.ledgers.count == 2)
        #expect(result.stderr.contains("stopped: standard input closed"), "\(result.stderr)")
    }

    /// `security.curve_mesh_key`: the server and a local node process share the key and the round
    /// goes through over CurveZMQ; a node that does not hold it (started by hand, dialled as a
    /// `running` host) fails the CURVE handshake, and the run stops at once, saying so.
    @Test func aMeshKeyEncryptsTheRunAndANodeWithoutItIsRefused() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mesh-run-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let keys = try await DemoCommandTests().run(["keys", "generate", "--name", "mesh", "--directory", dir.path])
        #expect(keys.status == 0, "stderr: \(keys.stderr)")
        func topology(_ hosts: String) -> String {
            """
            name: secure
            seed: 5
            hosts: [\(hosts)]
            clients: [{group: g, count: 2, host: a}]
            data: {dataset: fashion-mnist, partition: iid}
            model: logreg
            strategy: fedavg
            training: {rounds: 1, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
            security: {curve_mesh_key: \(dir.appendingPathComponent("mesh.key").path)}
            """
        }
        let file = dir.appendingPathComponent("secure.yaml"), json = dir.appendingPathComponent("secure.json")
        try topology("{name: a, start: local}").write(to: file, atomically: true, encoding: .utf8)
        let result = try await DemoCommandTests().run(["run", file.path, "--output", json.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.map(\.completed) == [[0, 1]])

        let plain = try await NodeProcess.launch(
            executable: try Executables.url("fedactors"), arguments: ["node", "--bind", "tcp://127.0.0.1:0"])
        defer { plain.terminate() }
        try topology("{name: a, start: running, endpoint: \"\(plain.endpoint)\"}").write(
            to: file, atomically: true, encoding: .utf8)
        let refused = try await DemoCommandTests().run(["run", file.path, "--output", json.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("CURVE handshake with \(plain.endpoint) failed"), "\(refused.stderr)")
    }

    /// A command host's `endpoint` is where the run dials it, for every call, when the node announces
    /// another address (here a port nothing listens on, as a node behind a forwarded port would).
    @Test func aCommandHostsEndpointIsWhereEveryCallGoes() async throws {
        // A free port: bound and released (the node's transport retries while libzmq lets it go).
        let probe = try ZeroMQTransport(bind: "tcp://127.0.0.1:0")
        try probe.start { _ in }
        let port = try #require(probe.endpoint.split(separator: ":").last)
        probe.shutdown()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dialled-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("dialled.yaml"), json = dir.appendingPathComponent("dialled.json")
        try """
        name: dialled
        seed: 7
        hosts:
          - {name: w, start: command, command: [fedactors, node, --bind, "tcp://127.0.0.1:\(port)", --advertise, \
        "tcp://127.0.0.1:1"], endpoint: "tcp://127.0.0.1:\(port)"}
        clients: [{group: g, count: 2, host: w}]
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 1, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        participation: {call_timeout_seconds: 10}
        """.write(to: topology, atomically: true, encoding: .utf8)
        let result = try await DemoCommandTests().run(["launch", topology.path, "--output", json.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.map(\.completed) == [[0, 1]])
        #expect(report.ledgers.keys.contains("tcp://127.0.0.1:\(port)"))
    }

    @Test func launchWithoutRemoteHostsSaysToUseRun() async throws {
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/quickstart.yaml").path
        let result = try await DemoCommandTests().run(["launch", topology])
        #expect(result.status != 0)
        #expect(result.stderr.contains("use `fedactors run`"))
    }

    @Test func launchDryRunShowsEachHostsCommandAndStartsNothing() async throws {
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/multihost-netns.yaml").path
        let result = try await DemoCommandTests().run(["launch", topology, "--dry-run"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("server in this process on tcp://10.77.0.254:0"))
        #expect(result.stdout.contains("h2: 8 clients; runs: ip netns exec fa-h2 /"))
        #expect(result.stdout.contains("h3: 7 clients; runs: ip netns exec fa-h3 /"))
        // The server is in this process: no host of its own, and no host left without clients.
        #expect(!result.stdout.contains("not started"))
    }
}
