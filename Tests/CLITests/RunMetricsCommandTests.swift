import ActorMesh
import ZeroMQ
import FedActorsTesting
import Federation
import Foundation
import Testing

/// `run --metrics-bind`: the driver's Prometheus endpoint, scraped while the run goes and once it
/// ended, against the run's own events and report.
@Suite(.serialized) struct RunMetricsCommandTests {
    /// The series `fedactors_ledger_*_total` should hold for `ledger`: its rows by peer, actor, method
    /// and direction (requests and replies summed).
    static func expected(_ ledger: TrafficReport) -> [[String: String]: (bytes: Int, messages: Int)] {
        var out: [[String: String]: (bytes: Int, messages: Int)] = [:]
        for row in ledger.rows {
            let labels = [
                "peer": row.key.peer, "actor": row.key.actorType, "method": row.key.method,
                "direction": row.key.direction.rawValue,
            ]
            out[labels, default: (0, 0)].bytes += row.counters.totalBytes
            out[labels, default: (0, 0)].messages += row.counters.messages
        }
        return out
    }

    @Test func theMetricsEndpointFollowsTheRunAndEndsEqualToTheServersLedger() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("run.jsonl"), json = dir.appendingPathComponent("run.json")
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/cross-device-15.yaml").path
        let run = try LiveCommand([
            "run", topology, "--rounds", "3", "--output", json.path, "--events", events.path,
            "--metrics-bind", "127.0.0.1:0", "--metrics-linger", "60",
        ])
        defer { run.send(SIGKILL) }
        // The URL the run printed (port 0 became a free port), also in run_started.
        let announced = await run.line { $0.hasPrefix("  metrics: http://") }
        let url = try #require(
            announced.map { String($0.dropFirst("  metrics: ".count)) }, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/metrics") && !url.contains(":0/"))

        // Mid-run: after the first round's end, before the run's end.
        let midRound = try await Self.waitFor(events) { $0.contains { $0.event == .roundEnded } }
        let mid = try HTTPGet.get(url)
        #expect(mid.status == 200)
        let during = PrometheusText(mid.body)
        #expect(midRound.first?.settings?["metrics"] == url)
        #expect((during.value("fedactors_rounds_completed_total") ?? 0) >= 1)
        #expect(during.value("fedactors_rounds_planned") == 3)
        #expect(during.value("fedactors_node_up", ["node": "phones-a"]) == 1)
        #expect((during.value("fedactors_client_rounds_total", ["state": "invited"]) ?? 0) >= 1)
        let midFit = during.all("fedactors_ledger_bytes_total").filter {
            $0.key["method"] == "fit(_:)" && $0.key["direction"] == "sent"
        }
        #expect(!midFit.isEmpty && midFit.values.allSatisfy { $0 > 0 }, "\(mid.body)")

        // The end: run_ended is written once the report is, and the endpoint still answers (--metrics-linger).
        let stream = try await Self.waitFor(events, within: .seconds(120)) { $0.contains { $0.event == .runEnded } }
        let report = try RunReport.load(from: Data(contentsOf: json))
        let end = PrometheusText(try HTTPGet.get(url).body)
        #expect(end.value("fedactors_rounds_completed_total") == 3)
        #expect(end.value("fedactors_run_ended") == 1)
        #expect(end.value("fedactors_round_wall_seconds_count") == 3)
        let finished = report.rounds.reduce(0) { $0 + $1.completed.count }
        #expect(end.value("fedactors_client_rounds_total", ["state": "finished"]) == Double(finished))
        #expect(
            end.value("fedactors_client_rounds_total", ["state": "invited"])
                == Double(report.rounds.reduce(0) { $0 + $1.invited.count }))
        #expect(
            end.value("fedactors_client_rounds_total", ["state": "answered"])
                == Double(stream.filter { $0.event == .clientAnswered }.count))
        #expect(end.value("fedactors_global_accuracy") == report.finalAccuracy)

        // Every ledger series equals the server's ledger in the report, and nothing else is counted.
        let server = try #require(report.nodeNames?.first { $0.value == "server" }?.key)
        let ledger = try #require(report.ledgers[server])
        let want = Self.expected(ledger)
        let bytes = end.all("fedactors_ledger_bytes_total"), messages = end.all("fedactors_ledger_messages_total")
        #expect(Set(bytes.keys) == Set(want.keys))
        for (labels, totals) in want {
            #expect(bytes[labels] == Double(totals.bytes), "\(labels)")
            #expect(messages[labels] == Double(totals.messages), "\(labels)")
        }
        #expect(bytes.values.reduce(0, +) == Double(ledger.total().totalBytes))
        // Counters never went down between the scrapes.
        for (labels, value) in during.all("fedactors_ledger_bytes_total") {
            #expect((bytes[labels] ?? -1) >= value, "\(labels)")
        }
    }

    /// The events of `file` once `done` holds for them, waiting up to `within`.
    static func waitFor(_ file: URL, within: Duration = .seconds(90), _ done: ([RunEvent]) -> Bool) async throws
        -> [RunEvent]
    {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: file, encoding: .utf8), text.hasSuffix("\n") {
                let stream = try RunEventsTests.read(file)
                if done(stream) { return stream }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HTTPGet.Failure(
            description: "\(file.lastPathComponent) did not reach the expected events within \(within)")
    }
}

/// `fedactors node --metrics-bind`: a node's ledger at `/metrics`.
@Suite(.serialized) struct NodeMetricsCommandTests {
    @Test func aNodeServesItsLedgerAsMetrics() async throws {
        let node = try LiveCommand([
            "node", "--bind", "tcp://127.0.0.1:0", "--metrics-bind", "127.0.0.1:0", "--detached",
        ])
        defer { node.send(SIGKILL) }
        let ready = try #require(await node.line { $0.hasPrefix("FEDACTORS-NODE READY ") }, "stderr: \(node.stderr)")
        let endpoint = String(ready.split(separator: " ")[2])
        let deadline = ContinuousClock.now + .seconds(10)
        while !node.stderr.contains("metrics at "), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let url = try #require(
            node.stderr.split(separator: "\n").first { $0.contains("metrics at ") }.map {
                String($0.split(separator: " ").last ?? "")
            })
        #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/metrics"))

        let caller = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        defer { caller.shutdown() }
        for _ in 0..<2 { _ = try await NodeService.at(endpoint, using: caller).info() }
        let text = PrometheusText(try HTTPGet.get(url).body)
        let info = [
            "peer": caller.endpoint, "actor": "ActorMesh.NodeService", "method": "info()", "direction": "received",
        ]
        #expect(text.value("fedactors_ledger_messages_total", info) == 2, "\(text.samples)")
        #expect((text.value("fedactors_ledger_bytes_total", info) ?? 0) > 0)
        let replies = [
            "peer": caller.endpoint, "actor": "ActorMesh.NodeService", "method": "info()", "direction": "sent",
        ]
        #expect(text.value("fedactors_ledger_messages_total", replies) == 2)
        // A node has no run series.
        #expect(text.value("fedactors_rounds_completed_total") == nil)
    }
}
