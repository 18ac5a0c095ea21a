import ActorMesh
import FedActorsTesting
import Federation
import Testing
@testable import RunMetrics

/// What a driver's `/metrics` says after a run's events, and its ledger series.
struct RunMetricsExporterTests {
    @Test func eventsBecomeRunSeriesAndTheLedgerIsCountedAtEachScrape() async throws {
        let exporter = try RunMetricsExporter(bind: "127.0.0.1:0")
        let ledger = TrafficLedger()
        exporter.follow { ledger.snapshot() }
        exporter.nodesUp(["edge-a", "edge-b"])
        var started = RunEvent(.runStarted, seconds: 0)
        started.settings = ["rounds": "2"]
        var record = RoundRecord(round: 1)
        record.invited = [1, 2, 3]
        record.completed = [1, 2]
        record.dropped = [3]
        record.wallSeconds = 1.5
        record.virtualSeconds = 42
        record.globalAccuracy = 0.75
        var down = RunEvent(.nodeDown, seconds: 2)
        down.node = "edge-b"
        exporter.take(
            [started] + RunEvent.from(.started(round: 1, invited: [1, 2, 3]), seconds: 0.1)
                + RunEvent.from(.answered(round: 1, client: 2, answer: .result), seconds: 0.5)
                + RunEvent.from(.ended(record), seconds: 1.6) + [down])
        ledger.record(
            TrafficKey(
                peer: "tcp://n:1", actorType: "Federation.ClientActor", method: "fit(_:)", direction: .sent,
                kind: .request),
            envelopeBytes: 64, payloadBytes: 4000, frames: 2)

        let text = PrometheusText(exporter.render())
        #expect(text.value("fedactors_rounds_planned") == 2)
        #expect(text.value("fedactors_rounds_completed_total") == 1)
        #expect(text.value("fedactors_round_current") == 0)
        #expect(text.value("fedactors_client_rounds_total", ["state": "invited"]) == 3)
        #expect(text.value("fedactors_client_rounds_total", ["state": "answered"]) == 1)
        #expect(text.value("fedactors_client_rounds_total", ["state": "finished"]) == 2)
        #expect(text.value("fedactors_client_rounds_total", ["state": "dropped"]) == 1)
        #expect(text.value("fedactors_global_accuracy") == 0.75)
        #expect(text.value("fedactors_node_up", ["node": "edge-a"]) == 1)
        #expect(text.value("fedactors_node_up", ["node": "edge-b"]) == 0)
        #expect(text.value("fedactors_round_wall_seconds_count") == 1)
        #expect(text.value("fedactors_round_wall_seconds_sum") == 1.5)
        #expect(text.value("fedactors_round_virtual_seconds_bucket", ["le": "60.0"]) == 1)
        #expect(text.value("fedactors_round_virtual_seconds_bucket", ["le": "30.0"]) == 0)
        let fit = ["peer": "tcp://n:1", "actor": "Federation.ClientActor", "method": "fit(_:)", "direction": "sent"]
        #expect(text.value("fedactors_ledger_bytes_total", fit) == 4064)
        #expect(text.value("fedactors_ledger_messages_total", fit) == 1)

        // The next scrape sees the ledger as it is then.
        ledger.record(
            TrafficKey(
                peer: "tcp://n:1", actorType: "Federation.ClientActor", method: "fit(_:)", direction: .sent,
                kind: .reply),
            envelopeBytes: 36, payloadBytes: 0, frames: 1)
        let again = PrometheusText(exporter.render())
        #expect(again.value("fedactors_ledger_bytes_total", fit) == 4100)
        #expect(again.value("fedactors_ledger_messages_total", fit) == 2)
        await exporter.stop()
    }
}
