import ActorMesh
import FedActorsTesting
import Federation
import Foundation
import Glibc
import Testing
import Topology

/// `start: ssh` for real: an OpenSSH server started by the test in each of its network-namespace
/// hosts, with keys it made, and `fedactors launch` starting the nodes through the system ssh client.
@Suite(.serialized, .enabled(if: TestSSHServer.unavailableReason == nil, "\(TestSSHServer.unavailableReason ?? "")"))
struct SSHLaunchTests {
    /// A topology with `hosts` (YAML lines), 4 clients on hosts a and b, the server on the bridge.
    static func topology(_ hosts: [String], server: String, clientHosts: String = "[a, b]") -> String {
        """
        name: over-ssh
        seed: 3
        hosts:
        \(hosts.map { "  - " + $0 }.joined(separator: "\n"))
        server: {bind: "tcp://\(server):0"}
        clients:
          - {group: g, count: 4, hosts: \(clientHosts)}
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 2, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        """
    }

    /// An ssh host of `sshd`'s, running this build's fedactors in `workdir`.
    static func sshHost(_ name: String, _ sshd: TestSSHServer, workdir: String) throws -> String {
        let fedactors = try Executables.url("fedactors").path
        return
            """
            {name: \(name), start: ssh, address: \(sshd.login), port: \(sshd.port), identity: \(sshd.identity), \
            known_hosts: \(sshd.knownHosts), workdir: \(workdir), fedactors: \(fedactors)}
            """
    }

    /// A run whose two nodes start over ssh on two hosts completes with its report; the nodes answered
    /// from their hosts' addresses, their output came back named by host, and once the run has ended
    /// no node is left on either host.
    @Test func aRunWhoseNodesStartOverSSHCompletesAndLeavesNoNodeBehind() async throws {
        let hosts = try NetnsHosts.up(2)
        defer { hosts.down() }
        let first = try await TestSSHServer(in: hosts, host: 1), second = try await TestSSHServer(in: hosts, host: 2)
        defer { first.stop(); second.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssh-run-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("over-ssh.yaml"), json = dir.appendingPathComponent("report.json")
        try Self.topology(
            [try Self.sshHost("a", first, workdir: dir.path), try Self.sshHost("b", second, workdir: dir.path)],
            server: hosts.rootAddress
        )
        .write(to: topology, atomically: true, encoding: .utf8)

        let result = try await DemoCommandTests().run(["launch", topology.path, "--output", json.path])
        #expect(result.status == 0, "stderr: \(result.stderr)\nsshd: \(first.log)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 2)
        #expect(report.rounds.allSatisfy { $0.completed.count == 4 }, "\(report.rounds.map(\.completed))")
        #expect(
            report.ledgers.keys.contains { $0.hasPrefix("tcp://\(hosts.address(of: 1)):") }, "\(report.ledgers.keys)")
        #expect(
            report.ledgers.keys.contains { $0.hasPrefix("tcp://\(hosts.address(of: 2)):") }, "\(report.ledgers.keys)")
        // Each node's last words, through its ssh session, prefixed with its host: it stopped because
        // its standard input (the session) closed.
        #expect(result.stderr.contains("[a] fedactors node tcp://\(hosts.address(of: 1)):"), "\(result.stderr)")
        #expect(result.stderr.contains("[b] fedactors node tcp://\(hosts.address(of: 2)):"), "\(result.stderr)")
        #expect(result.stderr.contains("stopped: standard input closed"), "\(result.stderr)")
        for index in [1, 2] {
            #expect(
                try await eventually(within: .seconds(10)) { try !hosts.programs(inHost: index).contains("fedactors") },
                "host \(index) still runs \((try? hosts.programs(inHost: index)) ?? [])")
        }
    }

    /// When the ssh session drops (the client killed, as a lost connection ends it), the node at the
    /// other end stops too: its standard input is the session.
    @Test func aNodeWhoseSSHSessionDropsStops() async throws {
        let hosts = try NetnsHosts.up(1)
        defer { hosts.down() }
        let sshd = try await TestSSHServer(in: hosts, host: 1)
        defer { sshd.stop() }
        let target = SSHTarget(
            address: sshd.login, port: sshd.port, identity: sshd.identity,
            fedactors: try Executables.url("fedactors").path, knownHosts: sshd.knownHosts)
        let command = SSHCommand(target: target, bind: "tcp://\(hosts.address(of: 1)):0")
        // As the launcher starts it: ssh under the wrapper shell.
        let ssh = ForegroundWrapper.wrapping(URL(fileURLWithPath: "/usr/bin/ssh"), command.arguments)
        let token = RunToken.random().description
        let node = try await NodeProcess.launch(
            executable: ssh.executable, arguments: ssh.arguments, input: SSHCommand.input(runToken: token),
            outputPrefix: "[dropped] ")
        defer { node.terminate() }
        #expect(node.endpoint.hasPrefix("tcp://\(hosts.address(of: 1)):"))
        #expect(try hosts.programs(inHost: 1).contains("fedactors"))
        // The token is on no command line of this machine (what `ps` shows), yet the node has it.
        let commandLines = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }
            .compactMap {
                FileManager.default.contents(atPath: "/proc/\($0)/cmdline").map { String(decoding: $0, as: UTF8.self) }
            }
        #expect(!commandLines.isEmpty && !commandLines.contains { $0.contains(token) })
        let remote = try #require(NetnsHosts.processIDs(named: "fedactors", in: hosts, host: 1).first)
        let environment =
            FileManager.default.contents(atPath: "/proc/\(remote)/environ").map { String(decoding: $0, as: UTF8.self) }
            ?? ""
        #expect(environment.contains("FEDACTORS_RUN_TOKEN=\(token)"))
        // The ssh client itself, killed: the session is gone without a goodbye.
        let client = try #require(ForegroundWrapper.program(of: node.processID))
        #expect(try String(contentsOfFile: "/proc/\(client)/comm", encoding: .utf8).hasPrefix("ssh"))
        _ = Glibc.kill(client, SIGKILL)
        #expect(
            try await eventually(within: .seconds(10)) { try !hosts.programs(inHost: 1).contains("fedactors") },
            "the node outlived its session: \((try? hosts.programs(inHost: 1)) ?? [])")
    }

    /// `launch --dry-run` logs in to each ssh host and dials each running host before anything
    /// starts: it names the host it could not reach and why, exits 1, and starts no node.
    @Test func aDryRunNamesTheHostsItCannotReachAndStartsNothing() async throws {
        let hosts = try NetnsHosts.up(2)
        defer { hosts.down() }
        let sshd = try await TestSSHServer(in: hosts, host: 1)
        defer { sshd.stop() }
        let closed = try ClosedPort()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssh-dry-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fedactors = try Executables.url("fedactors").path
        // b: host 2 has no sshd; c: nothing listens at its endpoint; d: a command, which cannot be checked.
        let topology = dir.appendingPathComponent("dry.yaml")
        try Self.topology(
            [
                try Self.sshHost("a", sshd, workdir: dir.path),
                """
                {name: b, start: ssh, address: root@\(hosts.address(of: 2)), port: \(sshd.port), identity: \
                \(sshd.identity), known_hosts: \(sshd.knownHosts), fedactors: \(fedactors)}
                """,
                "{name: c, start: running, endpoint: \"tcp://127.0.0.1:\(closed.number)\"}",
                "{name: d, start: command, command: [fedactors, node, --bind, \"tcp://127.0.0.1:0\"]}",
            ], server: hosts.rootAddress, clientHosts: "[a, b, c, d]"
        ).write(to: topology, atomically: true, encoding: .utf8)

        let result = try await DemoCommandTests().run(["launch", topology.path, "--dry-run"])
        #expect(result.status == 1, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("a: reachable (ssh \(sshd.login) logged in)"), "\(result.stdout)")
        #expect(
            result.stdout.contains("b: NOT reachable: ssh root@\(hosts.address(of: 2)): exited with status 255"),
            "\(result.stdout)")
        #expect(result.stdout.contains("Connection refused"), "\(result.stdout)")
        // ssh's own line ends (\r\n) do not reach the report's lines.
        #expect(!result.stdout.unicodeScalars.contains("\r"), "\(result.stdout.debugDescription)")
        #expect(
            result.stdout.contains(
                "c: NOT reachable: connecting to tcp://127.0.0.1:\(closed.number): Connection refused"),
            "\(result.stdout)")
        #expect(result.stdout.contains("d: not checked: a command host cannot be checked"), "\(result.stdout)")
        #expect(result.stderr.contains("not every host can be reached (b, c)"), "\(result.stderr)")
        #expect(try !hosts.programs(inHost: 1).contains("fedactors"))

        // With every host reachable, the dry run passes.
        try Self.topology(
            [try Self.sshHost("a", sshd, workdir: dir.path)], server: hosts.rootAddress, clientHosts: "[a]"
        )
        .write(to: topology, atomically: true, encoding: .utf8)
        let reachable = try await DemoCommandTests().run(["launch", topology.path, "--dry-run"])
        #expect(reachable.status == 0, "stdout: \(reachable.stdout)\nstderr: \(reachable.stderr)")
        #expect(reachable.stdout.contains("(the run token on its standard input)"), "\(reachable.stdout)")
    }

    /// `restart: on-failure` on an ssh host: when its session drops mid-run (the ssh client killed
    /// after round 2), the node at the other end stops, the launcher starts it again over ssh at the
    /// same address, and its clients take part again. A fixed port is safe here: the address is this
    /// test's own namespace's.
    @Test func anSSHHostWithRestartOnFailureComesBackAfterItsSessionDrops() async throws {
        let hosts = try NetnsHosts.up(1)
        defer { hosts.down() }
        let sshd = try await TestSSHServer(in: hosts, host: 1)
        defer { sshd.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssh-restart-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let endpoint = "tcp://\(hosts.address(of: 1)):7100"
        let fedactors = try Executables.url("fedactors").path
        let topology = dir.appendingPathComponent("restart.yaml"), report = dir.appendingPathComponent("report.json")
        // Real time with 0.5 s latency each way: rounds last seconds, so "after round 2" is mid-run.
        try """
        name: ssh-restart
        seed: 5
        hosts:
          - {name: a, start: ssh, address: \(sshd.login), port: \(sshd.port), identity: \(sshd.identity), known_hosts: \(sshd.knownHosts), fedactors: \(fedactors), bind: "\(endpoint)", restart: on-failure}
          - {name: b, start: local}
        server: {bind: "tcp://\(hosts.rootAddress):0"}
        clients:
          - {group: g, count: 4, hosts: [a, b], link: {down_mbps: 100, up_mbps: 100, latency_ms: 500}}
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 6, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        participation: {deadline_seconds: 10}
        timing: {mode: real, scale: 1}
        """.write(to: topology, atomically: true, encoding: .utf8)
        let run = try LiveCommand(["launch", topology.path, "--output", report.path])
        #expect(await run.line { isProgressLine($0, round: 2) } != nil, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        let wrapper = try #require(announcedPID(run.stdout, node: "a"), "\(run.stdout)")
        let client = try #require(ForegroundWrapper.program(of: wrapper))
        _ = Glibc.kill(client, SIGKILL)
        let status = await run.wait()
        #expect(status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        #expect(run.stdout.contains { $0.hasPrefix("  node a restarted at \(endpoint)") }, "\(run.stdout)")
        let result = try RunReport.load(from: Data(contentsOf: report))
        #expect(result.rounds.count == 6)
        let node = try #require(result.nodes?.first { $0.name == "a" })
        #expect(node.finalState == "up", "\(node.periods)")
        let lostRound = try #require(node.lostAtRound)
        // Host a holds clients 0 and 2; they complete a round again after the restart.
        #expect(
            result.rounds.contains { $0.round > lostRound && !Set($0.completed).isDisjoint(with: [0, 2]) },
            "rounds: \(result.rounds.map { ($0.round, $0.completed, $0.unreachable ?? []) })")
    }
}
