import ActorMesh
import Federation
import Foundation
import Testing

/// The report's per-client and traffic CSV tables, on a hand-made report.
@Suite struct ReportCSVTests {
    static func report() throws -> RunReport {
        var first = RoundRecord(round: 1)
        first.invited = [0, 1, 2]
        first.completed = [0, 1]
        first.failed = [2]
        first.failureReasons = [2: "bad update, \"NaN\""]
        first.clientVirtualSeconds = [0: 2, 1: 4]
        first.clientBytesDown = [0: 100, 1: 100, 2: 100]
        first.clientBytesUp = [0: 40, 1: 40]
        var second = RoundRecord(round: 2)
        second.invited = [0]
        second.completed = [0]
        second.unreachable = [1, 2]
        second.clientVirtualSeconds = [0: 4]
        second.clientAccuracy = [0: 0.5]
        var report = RunReport(rounds: [first, second])
        // A ledger row whose peer holds a comma: quoted in the CSV.
        let row = try JSONDecoder().decode(
            TrafficReport.Row.self,
            from: Data(
                """
                {"key": {"peer": "tcp://a,b:1", "actorType": "Federation.ClientActor", "method": "fit(_:)", \
                "direction": "sent", "kind": "request"},
                 "counters": {"messages": 3, "frames": 6, "envelopeBytes": 30, "payloadBytes": 300}}
                """.utf8))
        report.ledgers = ["tcp://s:1": TrafficReport(rows: [row])]
        report.nodeNames = ["tcp://s:1": "server"]
        return report
    }

    @Test func theClientsCSVTalliesEachClientOverTheRounds() throws {
        let lines = try Self.report().clientsCSV().split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "client,invited,completed,straggled,surplus,dropped,failed,unreachable,mean_virtual_s,logical_bytes_down,logical_bytes_up,last_accuracy"
        )
        #expect(
            lines.dropFirst().map { $0 } == [
                "0,2,2,0,0,0,0,0,3.000000,100,40,0.500000",
                "1,1,1,0,0,0,0,1,4.000000,100,40,",
                "2,1,0,0,0,0,1,1,,100,0,",
            ])
    }

    @Test func theTrafficCSVHasEveryLedgerRowWithItsFieldsQuotedWhereNeeded() throws {
        let lines = try Self.report().trafficCSV().split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[1] == "tcp://s:1,server,\"tcp://a,b:1\",Federation.ClientActor,fit(_:),sent,request,3,6,30,300")
        #expect(RunReport.csvField("plain") == "plain")
        #expect(RunReport.csvField("say \"hi\"\nthere") == "\"say \"\"hi\"\" there\"")
        #expect(RunReport.csvField(nil) == "")
    }
}
