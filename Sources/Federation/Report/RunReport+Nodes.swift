import Foundation

/// The report's node section in words, CSV and HTML: which nodes were lost, when, why, and their
/// down/up periods.
extension RunReport {
    /// One line per node that was lost during the run (none when every node stayed up).
    package var nodeConsoleLines: [String] { (nodes ?? []).compactMap(\.consoleLine) }

    /// One line per node period, comma-separated, with a header: `node,endpoint,final_state,lost_at_s,
    /// lost_at_round,state,since_s,round,reason` (reasons quoted). Written next to the rounds CSV.
    package func nodesCSV() -> String {
        var out = "node,endpoint,final_state,lost_at_s,lost_at_round,state,since_s,round,reason\n"
        func quoted(_ text: String?) -> String {
            text.map {
                "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"").replacingOccurrences(of: "\n", with: " ") + "\""
            } ?? ""
        }
        for node in nodes ?? [] {
            let lost = [
                node.lostAtSeconds.map { String(format: "%.3f", $0) } ?? "", node.lostAtRound.map(String.init) ?? "",
            ]
            for period in node.periods {
                let fields =
                    [quoted(node.name), node.endpoint, node.finalState] + lost
                    + [period.state, String(format: "%.3f", period.since), String(period.round), quoted(period.reason)]
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }
}

extension HTMLReport {
    /// A table of the nodes: state at the end, when each was lost and why, and its periods.
    static func nodeTable(_ nodes: [NodeRecord]) -> String {
        var out =
            """
            <table class=\"nodes\"><tr><th>node</th><th>endpoint</th><th>at the end</th><th>lost \
            at</th><th>reason</th><th>periods</th></tr>\n
            """
        for node in nodes {
            let lost = node.lostAtSeconds.map { String(format: "round %d, %.1f s", node.lostAtRound ?? 0, $0) } ?? "-"
            let periods = node.periods.map {
                "\($0.state) from \(String(format: "%.1f", $0.since)) s (round \($0.round))"
            }.joined(separator: "; ")
            out +=
                "<tr><td>\(escape(node.name))</td><td>\(escape(node.endpoint))</td><td>\(escape(node.finalState))</td><td>\(lost)</td>"
                + "<td>\(escape(node.lostReason ?? "-"))</td><td>\(escape(periods))</td></tr>\n"
        }
        return out + "</table>\n"
    }
}
