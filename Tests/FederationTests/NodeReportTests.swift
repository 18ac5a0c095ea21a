@testable import Federation
import Foundation
import Testing

/// The report's node section: JSON round trip, CSV, HTML and console lines.
@Suite struct NodeReportTests {
    static let report: RunReport = {
        var report = RunReport(summary: ["strategy": "fedavg"], rounds: [RoundRecord(round: 1)])
        report.nodes = [
            NodeRecord(
                name: "a", endpoint: "tcp://127.0.0.1:7001", finalState: "up",
                periods: [NodeRecord.Period(state: "up", since: 0.5, round: 0)]),
            NodeRecord(
                name: "b", endpoint: "tcp://127.0.0.1:7002", finalState: "down", lostAtSeconds: 12.25, lostAtRound: 3,
                lostReason: "its process was killed by signal 9", ledgerIncomplete: true,
                periods: [
                    NodeRecord.Period(state: "up", since: 0.5, round: 0),
                    NodeRecord.Period(
                        state: "down", since: 12.25, round: 3, reason: "its process was killed by signal 9"),
                ]),
        ]
        return report
    }()

    @Test func theConsoleNamesOnlyTheLostNodesWithRoundReasonAndLedger() {
        #expect(
            Self.report.nodeConsoleLines == [
                """
                node b lost at round 3 (12.2 s): its process was killed by signal 9; down at the end; traffic counted \
                up to its last report
                """
            ])
    }

    @Test func theCSVHasOneLinePerPeriod() {
        let lines = Self.report.nodesCSV().split(separator: "\n").map(String.init)
        #expect(
            lines == [
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

/// The straggler timeline marks where nodes went down and came back, and greys out their clients.
@Suite struct TimelineMarkerTests {
    @Test func nodeChangesAreMarkedAtTheirRoundsStartAndUnreachableClientsShown() throws {
        var rounds: [RoundRecord] = []
        for n in 1...4 {
            var r = RoundRecord(round: n)
            r.invited = n == 3 ? [1] : [1, 2]
            r.completed = r.invited
            r.unreachable = n == 3 ? [2] : nil
            r.virtualSeconds = 10
            rounds.append(r)
        }
        var report = RunReport(rounds: rounds)
        report.nodes = [
            NodeRecord(
                name: "edge-b", endpoint: "tcp://127.0.0.1:7002", finalState: "up", lostAtSeconds: 5, lostAtRound: 3,
                lostReason: "killed",
                periods: [
                    .init(state: "up", since: 0, round: 0), .init(state: "down", since: 5, round: 3, reason: "killed"),
                    .init(state: "up", since: 9, round: 4),
                ])
        ]
        let svg = HTMLReport.timelineChart(report)
        let markers = svg.components(separatedBy: "<line class=\"marker\"").dropFirst()
        #expect(markers.count == 2)
        #expect(svg.contains(">edge-b down</text>") && svg.contains(">edge-b up</text>"))
        // Down at the start of round 3 (20 virtual seconds in), up at round 4's (30 s): in order, left to right.
        let xs = markers.compactMap { $0.split(separator: "\"").dropFirst().first.flatMap { Double($0) } }
        #expect(xs.count == 2 && xs[0] < xs[1])
        #expect(svg.contains("client 2, round 3: unreachable (its node was down)"))
        #expect(svg.contains(">unreachable</text>"))
        // Without node changes: no markers, and no unreachable key.
        #expect(!HTMLReport.timelineChart(RunReport(rounds: [rounds[0]])).contains("marker"))
        #expect(!HTMLReport.timelineChart(RunReport(rounds: [rounds[0]])).contains(">unreachable<"))
    }
}
