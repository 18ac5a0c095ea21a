import FedActorsTesting
import Federation
import Foundation
import Testing

/// `fedactors watch` following a run's events file while the run writes it.
@Suite(.serialized) struct WatchCommandTests {
    @Test func watchFollowsALiveRunUntilItEnds() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("run.jsonl"), json = dir.appendingPathComponent("run.json")
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/cross-device-15.yaml").path
        // The watcher starts first, before the file exists, and waits for it. (LiveCommand reads its
        // output without blocking a thread of the test's pool, which the run below needs.)
        let watch = try LiveCommand(["watch", events.path, "--idle-timeout", "60"])
        try await Task.sleep(for: .milliseconds(300))
        let run = try await DemoCommandTests().run([
            "run", topology, "--rounds", "4", "--output", json.path, "--events", events.path,
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(await watch.wait(within: .seconds(30)) == 0, "stderr: \(watch.stderr)")
        let lines = watch.stdout
        #expect(lines.first == "cross-device-15: 15 clients, fedavg, 2nn on fashion-mnist, 4 rounds")
        let report = try RunReport.load(from: Data(contentsOf: json))
        for r in report.rounds {
            #expect(
                lines.contains { $0.hasPrefix("round \(r.round)/4: \(r.completed.count)/\(r.invited.count) done") },
                "\(lines)")
        }
        #expect(
            lines.last == String(format: "run ended after 4 rounds, final accuracy %.4f", report.finalAccuracy ?? -1))
    }

    @Test func aFileThatIsNotAnEventStreamIsRefused() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-events-\(UUID()).jsonl")
        try "round 1 of 3\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await DemoCommandTests().run(["watch", file.path, "--no-follow"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not a FedActors run event"), "\(result.stderr)")
    }
}
