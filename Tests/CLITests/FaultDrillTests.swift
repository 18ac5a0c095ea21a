import ActorMesh
import FedActorsTesting
import Federation
import Foundation
import Testing

/// Fault drills: real `fedactors run` processes with real node processes on 127.0.0.1, killed and
/// signalled while they train. The call timeout stays at its default (120 s): a drill that finishes in
/// seconds shows a dead node did not cost it.
@Suite(.serialized) struct FaultDrillTests {
    /// A 15-client topology on three local nodes (`a`, `b`, `c`, five clients each), logistic regression
    /// on Fashion-MNIST: rounds take well under a second in virtual time. `extraHost` replaces host c's line.
    static func topology(in dir: URL, rounds: Int, hostC: String = "{name: c, start: local}", timing: String = "")
        throws -> String
    {
        let yaml = """
            name: drill
            seed: 7
            hosts:
              - {name: a, start: local}
              - {name: b, start: local}
              - \(hostC)
            clients:
              - group: phones
                count: 15
                hosts: [a, b, c]
                link: {down_mbps: 100, up_mbps: 100, latency_ms: 500}
            data:
              dataset: fashion-mnist
              partition: {kind: iid}
            model: logreg
            strategy: fedavg
            training: {rounds: \(rounds), local_epochs: 1, batch_size: 64, learning_rate: 0.05}
            participation: {fraction: 1, min_fit: 1, min_available: 1, deadline_seconds: 10}
            \(timing)
            evaluation: {every: 1}
            """
        let path = dir.appendingPathComponent("drill.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fault-drill-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The ids of host `name`'s clients: the group spreads clients over [a, b, c] in turn.
    static func clients(of name: String) -> Set<Int> {
        let index = ["a", "b", "c"].firstIndex(of: name) ?? 0
        return Set(stride(from: index, to: 15, by: 3))
    }

    /// kill -9 of one node during round 3 of 6: the run completes and exits 0, the node's clients are
    /// failed in the round it died and unreachable after, the node is marked lost with a time and a
    /// reason, and no later round waits for the 120 s call timeout.
    ///
    /// Virtual time is what makes the bound meaningful: in real-time mode the server stops waiting at
    /// the deadline anyway, while in virtual mode it waits for every invited client's answer, so a
    /// dead node's clients used to cost the full call timeout in every later round.
    @Test func aKilledNodeCostsNoRoundItsCallTimeoutAndTheReportIsComplete() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try Self.topology(in: dir, rounds: 6)
        let report = dir.appendingPathComponent("report.json")
        let run = try LiveCommand(["run", topology, "--output", report.path])
        // Round 2's line is printed as round 3 starts: kill node c then.
        let afterRound2 = await run.line { isProgressLine($0, round: 2) }
        #expect(afterRound2 != nil, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        let pid = try #require(announcedPID(run.stdout, node: "c"), "no pid for node c in \(run.stdout)")
        kill(pid, SIGKILL)
        let status = await run.wait()
        #expect(status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")

        let result = try RunReport.load(from: Data(contentsOf: report))
        #expect(result.rounds.count == 6)
        #expect(result.interrupted == nil)
        let lostClients = Self.clients(of: "c")
        let node = try #require(result.nodes?.first { $0.name == "c" })
        #expect(node.finalState == "down")
        let lostRound = try #require(node.lostAtRound)
        #expect((2...4).contains(lostRound), "lost at round \(lostRound)")
        #expect(node.lostAtSeconds.map { $0 > 0 } == true)
        #expect(node.lostReason?.isEmpty == false)
        #expect(node.ledgerIncomplete)
        #expect(result.nodes?.filter { $0.name != "c" }.allSatisfy { $0.finalState == "up" && !$0.wasLost } == true)
        // Every round after the one it died in: its clients are unreachable, not invited, not sent a model.
        for round in result.rounds where round.round > lostRound {
            #expect(Set(round.unreachable ?? []) == lostClients, "round \(round.round)")
            #expect(Set(round.invited).isDisjoint(with: lostClients), "round \(round.round)")
            #expect(round.clientBytesDown.map { Set($0.keys).isDisjoint(with: lostClients) } == true)
            #expect(round.completed.count == 10, "round \(round.round)")
        }
        // No round from the kill on waits for the 120 s call timeout: each ends well inside it (half of
        // it leaves a loaded machine room for the live clients' real work).
        for round in result.rounds where round.round >= 3 {
            #expect(round.wallSeconds < 60, "round \(round.round) took \(round.wallSeconds) s")
        }
        // Its traffic up to its last report is kept; the console says it was lost.
        #expect(result.ledgers.keys.contains(node.endpoint))
        #expect(run.stdout.contains { $0.contains("node c lost at round \(lostRound)") })
    }

    /// The same node restarted by the launcher at the same address (`restart: on-failure` on a fixed
    /// port): its clients are rebuilt and take part again within two rounds of the kill.
    @Test func aRestartedNodeRejoinsAtTheSameAddressWithinTwoRounds() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try ClosedPort.recentlyFree()
        // Real time (each client's 0.5 s latency each way is waited for), so rounds last about a second
        // or more and "two rounds" is a real span, as in a deployment.
        let topology = try Self.topology(
            in: dir, rounds: 7,
            hostC: "{name: c, start: local, bind: \"tcp://127.0.0.1:\(port)\", restart: on-failure}",
            timing: "timing: {mode: real, scale: 1}")
        let report = dir.appendingPathComponent("report.json"), events = dir.appendingPathComponent("events.jsonl")
        let run = try LiveCommand(["run", topology, "--output", report.path, "--events", events.path])
        #expect(await run.line { isProgressLine($0, round: 2) } != nil, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        let pid = try #require(announcedPID(run.stdout, node: "c"))
        kill(pid, SIGKILL)
        let status = await run.wait()
        #expect(status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        #expect(run.stdout.contains { $0.hasPrefix("  node c restarted at tcp://127.0.0.1:\(port)") }, "\(run.stdout)")

        let result = try RunReport.load(from: Data(contentsOf: report))
        #expect(result.rounds.count == 7)
        let node = try #require(result.nodes?.first { $0.name == "c" })
        #expect(node.finalState == "up")
        #expect(node.endpoint == "tcp://127.0.0.1:\(port)")
        #expect(
            node.periods.map(\.state).starts(with: ["up", "down", "rejoining"]) && node.periods.last?.state == "up",
            "\(node.periods)")
        let lostRound = try #require(node.lostAtRound)
        let rejoined = result.rounds.first {
            $0.round > lostRound && !Set($0.completed).isDisjoint(with: Self.clients(of: "c"))
        }
        #expect(
            rejoined.map { $0.round <= lostRound + 2 } == true,
            "rounds: \(result.rounds.map { ($0.round, $0.completed, $0.unreachable ?? []) })")
        // Both incarnations' ledgers are in the report.
        #expect(result.ledgers.keys.contains("tcp://127.0.0.1:\(port)"))
        #expect(result.nodeNames?.values.contains("c (incarnation 1)") == true, "\(result.nodeNames ?? [:])")
        // The event stream told of it as it happened: down, rejoining, up, in that order, and the
        // rounds it wrote are the report's.
        let stream = try RunEventsTests.read(events)
        let nodeEvents = stream.filter { $0.node == "c" }.map(\.event)
        #expect(nodeEvents.starts(with: [.nodeDown, .nodeRejoining]) && nodeEvents.last == .nodeUp, "\(nodeEvents)")
        #expect(stream.compactMap(\.record) == result.rounds)
    }

    /// A `running` node killed and started again by hand at the same address: the run's heartbeat
    /// sees a new incarnation, rebuilds its clients and invites them again within two rounds.
    @Test func aNodeRestartedByHandAtItsAddressRejoins() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try ClosedPort.recentlyFree()
        let endpoint = "tcp://127.0.0.1:\(port)"
        let fedactors = try Executables.url("fedactors")
        var node = try await NodeProcess.launch(executable: fedactors, arguments: ["node", "--bind", endpoint])
        defer { node.terminate() }
        let topology = try Self.topology(
            in: dir, rounds: 7, hostC: "{name: c, start: running, endpoint: \"\(endpoint)\"}",
            timing: "timing: {mode: real, scale: 1}")
        let report = dir.appendingPathComponent("report.json")
        let run = try LiveCommand(["launch", topology, "--output", report.path])
        #expect(await run.line { isProgressLine($0, round: 2) } != nil, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        node.kill()
        _ = await node.waitForExit()
        node = try await NodeProcess.launch(executable: fedactors, arguments: ["node", "--bind", endpoint])
        let status = await run.wait()
        #expect(status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")

        let result = try RunReport.load(from: Data(contentsOf: report))
        #expect(result.rounds.count == 7)
        let record = try #require(result.nodes?.first { $0.name == "c" })
        #expect(record.finalState == "up")
        #expect(
            record.periods.map(\.state).starts(with: ["up", "down", "rejoining"]) && record.periods.last?.state == "up",
            "\(record.periods)")
        let lostRound = try #require(record.lostAtRound)
        let rejoined = result.rounds.first {
            $0.round > lostRound && !Set($0.completed).isDisjoint(with: Self.clients(of: "c"))
        }
        #expect(
            rejoined.map { $0.round <= lostRound + 2 } == true,
            "rounds: \(result.rounds.map { ($0.round, $0.completed, $0.unreachable ?? []) })")
    }

    /// SIGTERM of `fedactors run` after round 2 of 5: exit 143, the report of the rounds completed is
    /// written and marked interrupted, the checkpoint next to it continues the run with `--resume`,
    /// and the resumed run's final model is bit-identical to an uninterrupted run's.
    @Test func anInterruptedRunWritesItsReportAndResumesBitIdentically() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try Self.topology(in: dir, rounds: 5)
        let straightCheckpoint = dir.appendingPathComponent("straight.checkpoint").path
        let straight = try LiveCommand([
            "run", topology, "--output", dir.appendingPathComponent("straight.json").path, "--checkpoint",
            straightCheckpoint,
        ])
        #expect(await straight.wait() == 0, "stderr: \(straight.stderr)")

        let report = dir.appendingPathComponent("interrupted.json")
        let interrupted = try LiveCommand(["run", topology, "--output", report.path])
        #expect(
            await interrupted.line { isProgressLine($0, round: 2) } != nil,
            "stdout: \(interrupted.stdout)\nstderr: \(interrupted.stderr)")
        interrupted.send(SIGTERM)
        #expect(await interrupted.wait() == 143, "stdout: \(interrupted.stdout)\nstderr: \(interrupted.stderr)")
        let partial = try RunReport.load(from: Data(contentsOf: report))
        #expect(partial.interrupted == true)
        #expect((2..<5).contains(partial.rounds.count))
        #expect(partial.summary["interrupted"] == "after round \(partial.rounds.count) of 5")
        let checkpoint = report.path + ".checkpoint"
        #expect(partial.summary["checkpoint"] == checkpoint)
        #expect(
            try ServerCheckpoint.read(from: URL(fileURLWithPath: checkpoint)).completedRounds == partial.rounds.count)
        #expect(interrupted.stdout.contains { $0.contains("--resume \(checkpoint)") }, "\(interrupted.stdout)")

        let resumedCheckpoint = dir.appendingPathComponent("resumed.checkpoint").path
        let resumed = try LiveCommand([
            "run", topology, "--resume", checkpoint, "--checkpoint", resumedCheckpoint,
            "--output", dir.appendingPathComponent("resumed.json").path,
        ])
        #expect(await resumed.wait() == 0, "stderr: \(resumed.stderr)")
        let a = try ServerCheckpoint.read(from: URL(fileURLWithPath: straightCheckpoint))
        let b = try ServerCheckpoint.read(from: URL(fileURLWithPath: resumedCheckpoint))
        #expect(a.completedRounds == 5 && b.completedRounds == 5)
        #expect(a.parameters.map(\.bitPattern) == b.parameters.map(\.bitPattern))
    }
}
