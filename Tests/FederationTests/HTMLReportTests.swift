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
        ledger.record(
            TrafficKey(
                peer: "tcp://c", actorType: "Federation.ClientActor", method: "fit(_:)", direction: .sent,
                kind: .request), envelopeBytes: 100, payloadBytes: 4000, frames: 2)
        return RunReport(
            summary: ["name": "demo <run>", "strategy": "FedAvg"], rounds: rounds,
            ledgers: ["tcp://server": ledger.snapshot()])
    }

    static let titles = [
        "Accuracy by round", "Bytes by round", "Accuracy against cumulative bytes", "Wall and virtual time by round",
        "Traffic by node", "Traffic by actor role", "Straggler timeline (virtual time)",
    ]

    @Test func pageHasTheSevenChartsAndTheTables() {
        let html = HTMLReport.render(report())
        #expect(html.components(separatedBy: "<svg").count - 1 == 7)
        for title in Self.titles {
            #expect(html.contains("<title>\(title)</title>"))
            // Each chart's title is drawn on it, not only in the tooltip.
            #expect(html.contains("font-weight=\"bold\">\(title)</text>"))
        }
        // Accuracy lines with 3 points each (by round, by bytes), wall and virtual time; 3 rounds x
        // (down, up) bars, 1 node x (sent, received), 1 role x (requests, replies); 4 clients x 3 rounds
        // of timeline segments.
        #expect(html.components(separatedBy: "<polyline").count - 1 == 4)
        #expect(html.components(separatedBy: "class=\"bar\"").count - 1 == 6 + 2 + 2)
        #expect(html.components(separatedBy: "class=\"segment\"").count - 1 == 12)
        #expect(html.contains("client 2, round 3: straggled"))
        #expect(html.contains("Federation.ClientActor"))
        #expect(html.contains("demo &lt;run&gt;"))
        #expect(!html.contains("demo <run>"))
    }

    /// The page's charts: whole rounds on round axes, every bar inside its axis, a legend entry for
    /// every colour the timeline uses, and a layout that puts charts side by side on a wide page.
    @Test func roundAxesHaveWholeTicksBarsStayInsideAndLegendsAreComplete() throws {
        let html = HTMLReport.render(report())
        // Round axes tick 1, 2, 3 only.
        let bytesChart = try #require(
            html.components(separatedBy: "<svg").first { $0.contains("<title>Bytes by round</title>") })
        let ticks = bytesChart.matches(of: /text-anchor="middle" font-size="10">([^<]*)</).map { String($0.output.1) }
        #expect(ticks == ["1", "2", "3"], "\(ticks)")
        // Every bar between the y axis (x = 70) and the end of the x axis (640 - 20).
        for bar in html.matches(of: /class="bar" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"/) {
            let x = try #require(Double(bar.output.1)), width = try #require(Double(bar.output.2))
            #expect(x >= 70 && x + width <= 620.05, "a bar at \(x) of width \(width)")
        }
        // The timeline's legend names each colour it draws, surplus included.
        let timeline = try #require(html.components(separatedBy: "<svg").first { $0.contains("Straggler timeline") })
        for colour in Set(timeline.matches(of: /class="segment"[^>]*fill="(#[0-9a-f]+)"/).map { String($0.output.1) }) {
            #expect(
                timeline.contains("class=\"key\" x=") && timeline.contains("fill=\"\(colour)\"/><text"),
                "no legend for \(colour)")
        }
        #expect(timeline.contains(">surplus</text>"))
        #expect(html.contains(".charts{display:grid"))
    }

    /// Failures are on the page: each failed client with its reason, dropouts, stragglers, clients
    /// whose node was down, and rounds that kept their model with why.
    @Test func thePageListsFailuresWithTheirReasons() {
        var r = report()
        r.rounds[1].failed = [3]
        r.rounds[1].dropped = []
        r.rounds[1].failureReasons = [3: "update of 7 parameters; the model has 9"]
        r.rounds[2].aggregationError = "1 usable result, fewer than min_fit 2"
        r.rounds[2].unreachable = [4, 5]
        let html = HTMLReport.render(r)
        #expect(html.contains("<h2>Failures</h2>"))
        #expect(
            html.contains(
                """
                <td>2</td><td>client 3</td><td>failed</td><td style=\"text-align:left\">update of 7 parameters; the \
                model has 9</td>
                """
            ))
        #expect(html.contains("<td>1</td><td>client 3</td><td>dropped out</td>"))
        #expect(
            html.contains(
                "<td>1</td><td>client 2</td><td>straggled</td><td style=\"text-align:left\">took 90.0 virtual s</td>"))
        #expect(
            html.contains(
                """
                <td>3</td><td>-</td><td>model kept</td><td style=\"text-align:left\">1 usable result, fewer than \
                min_fit 2</td>
                """
            ))
        #expect(html.contains("<td>3</td><td>clients 4, 5</td><td>unreachable</td>"))
        // A run without any failure has no such section.
        var clean = report()
        clean.rounds = clean.rounds.map {
            var round = $0; round.straggled = []; round.dropped = []; return round
        }
        #expect(!HTMLReport.render(clean).contains("<h2>Failures</h2>"))
    }
}
