import FedActorsTesting
import Federation
import Foundation
import Testing

/// A node of a `messy:` run killed mid-run and restarted by the launcher (`restart: on-failure`): the
/// new node has no data agents, so its clients' data is described, cleaned by the server data agent's
/// stored rules and relabelled by its stored mapping again before they train; the console and the
/// report's node record say so. Sixteen rounds of about a second leave a loaded machine time to restart
/// the node and prepare its data before the run ends.
@Suite(.serialized) struct MessyRestartTests {
    static func topology(port: Int) -> String {
        """
        name: messy-restart
        seed: 5
        hosts:
          - {name: a, start: local}
          - {name: c, start: local, bind: "tcp://127.0.0.1:\(port)", restart: on-failure}
        clients:
          - group: wards
            count: 5
            hosts: [a, c]
            link: {down_mbps: 100, up_mbps: 100, latency_ms: 500}
        data: {dataset: fashion-mnist, partition: iid}
        messy:
          samples_per_client: 300
          corrupt_fraction: 0.1
          vocabularies: [french, german, uppercase]
          sensor_clients: 1
        model: logreg
        strategy: fedavg
        training: {rounds: 16, local_epochs: 1, batch_size: 32, learning_rate: 0.05}
        participation: {fraction: 1, min_fit: 1, min_available: 1, deadline_seconds: 10}
        timing: {mode: real, scale: 1}
        """
    }

    @Test func aRestartedNodePreparesItsClientsDataAgainBeforeTheyTrain() async throws {
        let dir = try FaultDrillTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try ClosedPort.recentlyFree()
        let path = dir.appendingPathComponent("messy-restart.yaml")
        try Self.topology(port: port).write(to: path, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.json")
        let run = try LiveCommand(["run", path.path, "--output", report.path])
        #expect(await run.line { isProgressLine($0, round: 2) } != nil, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        let pid = try #require(announcedPID(run.stdout, node: "c"))
        kill(pid, SIGKILL)
        let status = await run.wait()
        #expect(status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")

        // Host c holds clients 1 and 3 (the group alternates a, c); client 4 holds sensors and is refused.
        let rejoinLine = run.stdout.first { $0.contains("node c rejoined: data re-prepared for clients [1, 3]") }
        #expect(rejoinLine != nil, "\(run.stdout)")
        let result = try RunReport.load(from: Data(contentsOf: report))
        let node = try #require(result.nodes?.first { $0.name == "c" })
        #expect(node.finalState == "up")
        #expect(node.periods.last?.reason?.contains("data re-prepared for clients [1, 3]") == true, "\(node.periods)")
        let lostRound = try #require(node.lostAtRound)
        let trainedAgain = result.rounds.filter { $0.round > lostRound && Set($0.completed).isSuperset(of: [1, 3]) }
        #expect(!trainedAgain.isEmpty, "rounds: \(result.rounds.map { ($0.round, $0.completed) })")
        #expect(result.rounds.allSatisfy { !$0.invited.contains(4) })
    }
}
