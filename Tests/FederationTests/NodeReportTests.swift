import Federation
import Foundation
import Testing

/// The report's node section: JSON round trip, CSV, HTML and console lines.
@Suite struct NodeReportTests {
    static let report: RunReport = {
        var report = RunReport(summary: ["strategy": "fedavg"], rounds: [RoundRecord(round: 1)])
        report.nodes = [
            NodeRecord(name: "a", endpoint: "tcp://127.0.0.1:7001", finalState: "up", periods: [NodeRecord.Period(state: "up", since: 0.5, round: 0)]),
            NodeRecord(
                name: "b", endpoint: "tcp://127.0.0.1:7002", finalState: "down", lostAtSeconds: 12.25, lostAtRound: 3,
                lostReason: "its process was killed by signal 9", ledgerIncomplete: true,
                periods: [NodeRecord.Period(state: "up", since: 0.5, round: 0),
                          NodeRecord.Period(state: "down", since: 12.25, round: 3, reason: "its process was killed by signal 9")]),
        ]
        return report
    }()

    @Test func theConsoleNamesOnlyTheLostNodesWithRoundReasonAndLedger() {
        #expect(Self.report.nodeConsoleLines == ["node b lost at round 3 (12.2 s): its process was killed by signal 9; down at the end; traffic counted up to its last report"])
    }

    @Test func theCSVHasOneLinePerPeriod() {
        let lines = Self.report.nodesCSV().split(separator: "\n").map(String.init)
        #expect(lines == [
            "node,endpoint,final_state,lost_at_s,lost_at_round,state,since_s,round,reason",
            "\"a\",tcp://127.0.0.1:7001,up,,,up,0.500,0,",
            "\"b\",tcp://127.0.0.1:7002,down,12.250,3,up,0.500,0,",
            "\"b\",tcp://127.0.0.1:7002,down,12.250,3,down,12.250,3,\"its process was killed by signal 9\"",
        ])
    }

    @Test func theHTMLHasANodesTableAndJSONRoundTrips() throws {
        let html = HTMLReport.render(Self.report)
        #expect(html.contains("<h2>Nodes</h2>"))
        #expect(html.contains("<td>its process was killed by signal 9</td>"))
        #expect(try RunReport.load(from: Self.report.jsonData()) == Self.report)
        // A report without nodes has no table, and an old report without the fields still loads.
        #expect(!HTMLReport.render(RunReport(rounds: [RoundRecord(round: 1)])).contains("<h2>Nodes</h2>"))
        let old = #"{"summary": {}, "rounds": [], "ledgers": {}}"#
        let loaded = try RunReport.load(from: Data(old.utf8))
        #expect(loaded.nodes == nil && loaded.interrupted == nil)
    }
}
