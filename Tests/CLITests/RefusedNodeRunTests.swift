import FedActorsTesting
import Foundation
import Testing

/// A run whose pre-started (`running`) node is not there: it stops at once saying the connection
/// was refused, not after the call timeout with a deadline message.
@Suite struct RefusedNodeRunTests {
    @Test func aRunningHostWhereNothingListensFailsAsRefusedAtOnce() async throws {
        let port = try ClosedPort()
        let endpoint = "tcp://127.0.0.1:\(port.number)"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("refused-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("refused.yaml")
        try """
        name: refused
        seed: 3
        hosts: [{name: gone, start: running, endpoint: "\(endpoint)"}]
        clients: [{group: g, count: 2, host: gone}]
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 1, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        participation: {call_timeout_seconds: 120}
        """.write(to: topology, atomically: true, encoding: .utf8)

        let started = ContinuousClock.now
        let result = try await DemoCommandTests().run([
            "run", topology.path, "--output", dir.appendingPathComponent("refused.json").path,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(endpoint) refused the connection: no node listens there"), "\(result.stderr)")
        #expect(!result.stderr.contains("deadline"), "\(result.stderr)")
        // Far below the 120 s call timeout (generous: the run also loads its data first).
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
