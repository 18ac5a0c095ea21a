import ActorMesh
import Federation
import Foundation
import Testing

@Suite struct HTMLReportTests {
    func report() -> RunReport {
        var rounds: [RoundRecord] = []
        for i in 1...3 {
            var r = RoundRecord(round: i)
            r.invited = [0, 1, 2, 3]
            r.completed = [0, 1]
            r.straggled = [2]
            r.dropped = [3]
            r.clientVirtualSeconds = [0: 5, 1: 8, 2: 90]
            r.virtualSeconds = 30
            r.globalAccuracy = 0.5 + 0.1 * Double(i)
            r.wireBytesDown = 1000 * i
            r.wireBytesUp = 800 * i
            rounds.append(r)
        }
        let ledger = TrafficLedger()
        ledger.record(TrafficKey(peer: "tcp://c", actorType: "Federation.ClientActor", method: "fit(_:)", direction: .sent, kind: .request), envelopeBytes: 100, payloadBytes: 4000, frames: 2)
        return RunReport(summary: ["name": "demo <run>", "strategy": "FedAvg"], rounds: rounds, ledgers: ["tcp://server": ledger.snapshot()])
    }

    @Test func pageHasTheFourChartsAndTheTables() {
        let html = HTMLReport.render(report())
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        for title in ["Accuracy by round", "Bytes by round", "Accuracy against cumulative bytes", "Straggler timeline (virtual time)"] {
            #expect(html.contains("<title>\(title)</title>"))
        }
        // Accuracy line with 3 points; 3 rounds x (down, up) bars; 4 clients x 3 rounds of timeline segments.
        #expect(html.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(html.components(separatedBy: "class=\"bar\"").count - 1 == 6)
        #expect(html.components(separatedBy: "class=\"segment\"").count - 1 == 12)
        #expect(html.contains("client 2, round 3: straggled"))
        #expect(html.contains("Federation.ClientActor"))
        #expect(html.contains("demo &lt;run&gt;"))
        #expect(!html.contains("demo <run>"))
    }
}
