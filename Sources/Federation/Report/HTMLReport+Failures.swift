import ActorMesh

/// The report page's failures section and traffic charts.
extension HTMLReport {
    /// Every client that did not complete a round it was meant for (failed, dropped, straggled, or
    /// unreachable because its node was down), with the reason when one is known, and every round
    /// that kept its model, with why. Empty when there is nothing to show.
    static func failures(_ report: RunReport) -> String {
        var rows: [(round: Int, who: String, what: String, reason: String)] = []
        for r in report.rounds {
            if let error = r.aggregationError { rows.append((r.round, "-", "model kept", error)) }
            for id in r.failed.sorted() {
                rows.append((r.round, "client \(id)", "failed", r.failureReasons?[id] ?? "-"))
            }
            for id in r.dropped.sorted() { rows.append((r.round, "client \(id)", "dropped out", "-")) }
            for id in r.straggled.sorted() {
                let took =
                    r.clientVirtualSeconds[id].map { String(format: "took %.1f virtual s", $0) } ?? "past the deadline"
                rows.append((r.round, "client \(id)", "straggled", took))
            }
            if let unreachable = r.unreachable, !unreachable.isEmpty {
                let ids = unreachable.sorted().map(String.init).joined(separator: ", ")
                rows.append((r.round, "clients \(ids)", "unreachable", "their node was down: not invited"))
            }
        }
        guard !rows.isEmpty else { return "" }
        var out =
            """
            <h2>Failures</h2>\n<table \
            class=\"failures\"><tr><th>round</th><th>who</th><th>what</th><th>reason</th></tr>\n
            """
        for row in rows {
            out +=
                """
                <tr><td>\(row.round)</td><td>\(escape(row.who))</td><td>\(escape(row.what))</td><td \
                style=\"text-align:left\">\(escape(row.reason))</td></tr>\n
                """
        }
        return out + "</table>\n"
    }

    /// Bytes each node sent and received, and bytes per actor role (requests and replies, each
    /// message counted once by its sender).
    static func trafficCharts(_ report: RunReport) -> String {
        let nodes = report.ledgersInOrder
        var byNode = SVGChart(title: "Traffic by node", xLabel: "node", yLabel: "bytes")
        byNode.categories = nodes.map { String($0.label.split(separator: " ").first ?? Substring($0.label)) }
        var out =
            byNode.bars([
                .init(
                    name: "sent", color: "#2ca02c",
                    points: nodes.enumerated().map {
                        (x: Double($0.offset), y: Double($0.element.ledger.total(.sent).totalBytes))
                    }),
                .init(
                    name: "received", color: "#d62728",
                    points: nodes.enumerated().map {
                        (x: Double($0.offset), y: Double($0.element.ledger.total(.received).totalBytes))
                    }),
            ]) + "\n"
        let traffic = report.roleTraffic
        let roles = traffic.keys.sorted()
        var byRole = SVGChart(title: "Traffic by actor role", xLabel: "actor role", yLabel: "bytes")
        byRole.categories = roles
        out +=
            byRole.bars([
                .init(
                    name: "requests", color: "#1f77b4",
                    points: roles.enumerated().map {
                        (x: Double($0.offset), y: Double(traffic[$0.element]?.requests.totalBytes ?? 0))
                    }),
                .init(
                    name: "replies", color: "#ff7f0e",
                    points: roles.enumerated().map {
                        (x: Double($0.offset), y: Double(traffic[$0.element]?.replies.totalBytes ?? 0))
                    }),
            ]) + "\n"
        return out
    }
}
