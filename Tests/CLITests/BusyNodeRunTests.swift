import FedActorsTesting
import Federation
import Foundation
import Testing

/// A node process whose clients train longer than the launcher's heartbeat patience stays up
/// (issue 27: `messy-hospitals-8` with `model: cnn` lost both its nodes in round 1, "3 heartbeats
/// missed", and every client failed with connectionLost: the CNN epochs held every thread of the
/// node's cooperative pool, so its node service could not answer `info()`).
@Suite struct BusyNodeRunTests {
    @Test func aNodeWhoseClientsAllTrainForSecondsIsNeverMarkedDown() async throws {
        // Prepare: one node process with twice as many clients as cores, each a cnn epoch over 1,500
        // images (seconds of computing per fit, the launcher marks a node down after ~4.5 s unanswered).
        let clients = 2 * ProcessInfo.processInfo.activeProcessorCount
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("busy-node-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let topology = directory.appendingPathComponent("busy.yaml")
        let json = directory.appendingPathComponent("busy.json")
        try """
        name: busy-node
        seed: 3
        hosts:
          - {name: site, start: local}
        clients:
          - {group: c, count: \(clients), hosts: [site]}
        data: {dataset: fashion-mnist, partition: iid, samples_per_client: 1500}
        model: cnn
        strategy: fedavg
        training: {rounds: 1, local_epochs: 1, batch_size: 32, learning_rate: 0.05}
        evaluation: {every: 1, test_samples: 200}
        report: {json: \(json.path)}
        """.write(to: topology, atomically: true, encoding: .utf8)
        // Execute.
        let result = try await DemoCommandTests().run(["run", topology.path])
        // Assert: every client completed, nothing failed, the node was never lost.
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("is down"), "\(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        let round = try #require(report.rounds.first)
        #expect(round.completed.count == clients, "failures: \(round.failureReasons ?? [:])")
        #expect(round.failed.isEmpty)
        #expect(report.nodes?.allSatisfy { $0.lostAtSeconds == nil } ?? true, "\(report.nodes ?? [])")
    }
}
