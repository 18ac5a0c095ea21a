import ActorMesh
import Foundation

/// Renders a ``RunReport`` as one self-contained HTML page (inline SVG, no scripts): the summary,
/// seven charts (accuracy by round, bytes by round, accuracy against cumulative bytes, wall and virtual
/// time by round, traffic by node, traffic by actor role, and the straggler timeline in virtual
/// time), the failures (each failed, dropped, straggled or unreachable client with its reason, and
/// every round that kept its model, with why), and tables per round, node, client and actor role.
package enum HTMLReport {
    package static func render(_ report: RunReport, title: String? = nil) -> String {
        let name = title ?? report.summary["name"] ?? "FedActors run"
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(name))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}
            .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:0 2em}
            .charts svg{width:100%;height:auto}
            table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
            th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}svg{margin:1em 0;display:block}
            </style></head><body>
            <h1>\(escape(name))</h1>

            """
        html +=
            "<table class=\"summary\">"
            + report.summary.sorted { $0.key < $1.key }.map {
                "<tr><th>\(escape($0.key))</th><td>\(escape($0.value))</td></tr>"
            }.joined()
        html +=
            "<tr><th>final accuracy</th><td>\(report.finalAccuracy.map { String(format: "%.4f", $0) } ?? "-")</td></tr>"
        html +=
            """
            <tr><th>bytes down / up</th><td>\(ByteCount.format(report.totalWireBytesDown)) / \
            \(ByteCount.format(report.totalWireBytesUp))</td></tr>
            """
        html +=
            "<tr><th>virtual / wall time</th><td>\(String(format: "%.1f s / %.2f s", report.totalVirtualSeconds, report.totalWallSeconds))</td></tr></table>\n"

        html += "<h2>Charts</h2>\n<div class=\"charts\">\n" + charts(report) + "</div>\n"
        html += failures(report)
        html += "<h2>Rounds</h2>\n" + roundTable(report)
        if let nodes = report.nodes, !nodes.isEmpty { html += "<h2>Nodes</h2>\n" + nodeTable(nodes) }
        html += "<h2>Clients</h2>\n" + clientTable(report)
        html += "<h2>Traffic by actor role</h2>\n" + roleTable(report)
        return html + "</body></html>\n"
    }

    static func charts(_ report: RunReport) -> String {
        let rounds = report.rounds
        let accuracy = rounds.compactMap { r in r.globalAccuracy.map { (x: Double(r.round), y: $0) } }
        var byRound = SVGChart(title: "Accuracy by round", xLabel: "round", yLabel: "global accuracy")
        byRound.integerX = true
        var out = byRound.lines([.init(name: "accuracy", color: "#1f77b4", points: accuracy)]) + "\n"
        var bytes = SVGChart(title: "Bytes by round", xLabel: "round", yLabel: "bytes")
        bytes.integerX = true
        out +=
            bytes
            .bars([
                .init(
                    name: "down", color: "#2ca02c",
                    points: rounds.map { (x: Double($0.round), y: Double($0.wireBytesDown)) }),
                .init(
                    name: "up", color: "#d62728",
                    points: rounds.map { (x: Double($0.round), y: Double($0.wireBytesUp)) }),
            ]) + "\n"
        var cumulative = 0.0
        var byBytes: [(x: Double, y: Double)] = []
        for r in rounds {
            cumulative += Double(r.wireBytesDown + r.wireBytesUp)
            if let a = r.globalAccuracy { byBytes.append((x: cumulative, y: a)) }
        }
        out +=
            SVGChart(
                title: "Accuracy against cumulative bytes", xLabel: "cumulative bytes (down + up)",
                yLabel: "global accuracy"
            )
            .lines([.init(name: "accuracy", color: "#9467bd", points: byBytes)]) + "\n"
        var times = SVGChart(title: "Wall and virtual time by round", xLabel: "round", yLabel: "seconds")
        times.integerX = true
        out +=
            times.lines([
                .init(name: "wall", color: "#8c564b", points: rounds.map { (x: Double($0.round), y: $0.wallSeconds) }),
                .init(
                    name: "virtual", color: "#e377c2",
                    points: rounds.map { (x: Double($0.round), y: $0.virtualSeconds) }),
            ]) + "\n"
        out += trafficCharts(report)

        out += timelineChart(report)
        return out
    }

    /// The straggler timeline: one row per client, rounds laid end to end in virtual time, each invited
    /// client's part of the round coloured by what it came to, clients whose node was down in grey, and
    /// a dashed marker where a node went down, rejoined or came back (at the start of the round under way).
    static func timelineChart(_ report: RunReport) -> String {
        let rounds = report.rounds
        let clients = Set(rounds.flatMap { $0.invited + ($0.unreachable ?? []) }).sorted()
        let row = Dictionary(uniqueKeysWithValues: clients.enumerated().map { ($1, $0) })
        var segments: [(row: Int, start: Double, end: Double, color: String, tip: String)] = []
        var starts: [Int: Double] = [:]
        var start = 0.0
        for r in rounds {
            starts[r.round] = start
            let length = max(r.virtualSeconds, 1e-6)
            for id in r.invited {
                guard let y = row[id] else { continue }
                let (color, what): (String, String) =
                    r.completed.contains(id)
                    ? ("#2ca02c", "finished")
                    : r.straggled.contains(id)
                        ? ("#ff7f0e", "straggled")
                        : r.dropped.contains(id)
                            ? ("#d62728", "dropped")
                            : r.failed.contains(id) ? ("#7f7f7f", "failed") : ("#17becf", "surplus")
                let took = r.clientVirtualSeconds[id].map { min($0, length) } ?? length
                segments.append((y, start, start + took, color, "client \(id), round \(r.round): \(what)"))
            }
            for id in r.unreachable ?? [] {
                guard let y = row[id] else { continue }
                segments.append(
                    (
                        y, start, start + length, "#c7c7c7",
                        "client \(id), round \(r.round): unreachable (its node was down)"
                    ))
            }
            start += length
        }
        var markers: [(x: Double, label: String, color: String)] = []
        for node in report.nodes ?? [] {
            for period in node.periods.dropFirst() {
                let x = starts[period.round] ?? (period.round <= 0 ? 0 : start)
                let color = period.state == "up" ? "#2ca02c" : period.state == "down" ? "#d62728" : "#ff7f0e"
                markers.append((x, "\(node.name) \(period.state)", color))
            }
        }
        var legend = [
            ("finished", "#2ca02c"), ("straggled", "#ff7f0e"), ("dropped", "#d62728"), ("failed", "#7f7f7f"),
            ("surplus", "#17becf"),
        ]
        if rounds.contains(where: { !($0.unreachable ?? []).isEmpty }) { legend.append(("unreachable", "#c7c7c7")) }
        return SVGChart(title: "Straggler timeline (virtual time)", xLabel: "virtual seconds", yLabel: "client")
            .timeline(rows: clients.map { "client \($0)" }, segments: segments, markers: markers, legend: legend) + "\n"
    }

    static func roundTable(_ report: RunReport) -> String {
        var out =
            "<table class=\"rounds\"><tr><th>round</th><th>invited</th><th>completed</th><th>straggled</th><th>dropped</th><th>failed</th><th>accuracy</th><th>loss</th><th>virtual s</th><th>wall s</th><th>down</th><th>up</th></tr>\n"
        for r in report.rounds {
            out +=
                "<tr><td>\(r.round)</td><td>\(r.invited.count)</td><td>\(r.completed.count)</td><td>\(r.straggled.count)</td><td>\(r.dropped.count)</td><td>\(r.failed.count)</td>"
            out +=
                "<td>\(r.globalAccuracy.map { String(format: "%.4f", $0) } ?? "-")</td><td>\(r.globalLoss.map { String(format: "%.4f", $0) } ?? "-")</td>"
            out +=
                "<td>\(String(format: "%.1f", r.virtualSeconds))</td><td>\(String(format: "%.2f", r.wallSeconds))</td><td>\(ByteCount.format(r.wireBytesDown))</td><td>\(ByteCount.format(r.wireBytesUp))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static func clientTable(_ report: RunReport) -> String {
        var out =
            "<table class=\"clients\"><tr><th>client</th><th>invited</th><th>completed</th><th>straggled</th><th>dropped</th><th>failed</th><th>unreachable</th><th>mean virtual s</th><th>last accuracy</th></tr>\n"
        for (id, t) in report.clientTallies.sorted(by: { $0.key < $1.key }) {
            let mean = t.meanSeconds.map { String(format: "%.1f", $0) } ?? "-"
            out +=
                "<tr><td>\(id)</td><td>\(t.invited)</td><td>\(t.completed)</td><td>\(t.straggled)</td><td>\(t.dropped)</td><td>\(t.failed)</td><td>\(t.unreachable)</td><td>\(mean)</td><td>\(t.accuracy.map { String(format: "%.4f", $0) } ?? "-")</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static func roleTable(_ report: RunReport) -> String {
        var out =
            """
            <table class=\"roles\"><tr><th>node</th><th>actor</th><th>messages out</th><th>bytes out</th><th>messages \
            in</th><th>bytes in</th></tr>\n
            """
        for (node, ledger) in report.ledgersInOrder {
            let sent = ledger.totals(by: \.actorType, .sent), received = ledger.totals(by: \.actorType, .received)
            for role in Set(sent.keys).union(received.keys).sorted() {
                let s = sent[role] ?? TrafficCounters(), r = received[role] ?? TrafficCounters()
                out +=
                    "<tr><td>\(escape(node))</td><td>\(escape(role))</td><td>\(s.messages)</td><td>\(ByteCount.format(s.totalBytes))</td><td>\(r.messages)</td><td>\(ByteCount.format(r.totalBytes))</td></tr>\n"
            }
        }
        return out + "</table>\n"
    }
}
