import ActorMesh
import Foundation

/// A bench's results as a markdown table and as JSON, with the tally of verdicts.
package struct BenchTable: Codable, Sendable, Equatable {
    package var file: String
    package var command: String
    package var results: [BenchTaskResult]

    package init(file: String, command: String, results: [BenchTaskResult]) {
        self.file = file
        self.command = command
        self.results = results
    }

    /// Pretty-printed JSON with sorted keys.
    package func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// How many comparisons ended in each verdict, over every task and baseline.
    package var tally: [BenchVerdict: Int] {
        results.flatMap(\.verdicts.values).reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// The table, one row per task and system, then the tally and every loss named.
    package func markdown() -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "–" }
        var lines = [
            "# Bench results: \(file)", "", "Command: `\(command)`", "",
            "Tie: |Δ| ≤ max(0.01, 1.96·√(2p̄(1−p̄)/n)) over the n samples the metric was measured on (BenchNoise).",
            "",
            "| task | metric | chosen method | system | strategy | metric value | Δ vs chosen | verdict (chosen vs this) | rounds | time (s) | bytes |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results {
            guard !r.runs.isEmpty else {
                lines.append(
                    "| \(r.id) | \(r.metric) | – | – | – | – | – | \(r.status) | – | \(String(format: "%.0f", r.agentSeconds)) | – |"
                )
                continue
            }
            let chosen = r.runs.first?.metric
            for run in r.runs {
                let delta =
                    run.system == "chosen"
                    ? ""
                    : (chosen.flatMap { c in run.metric.map { c - $0 } }).map { String(format: "%+.4f", $0) } ?? "–"
                let verdict =
                    r.verdicts[run.system].map {
                        $0.rawValue + (r.bands[run.system].map { String(format: " (band %.3f)", $0) } ?? "")
                    } ?? ""
                lines.append(
                    "| \(r.id) | \(r.metric) | \(r.chosen ?? "–") | \(run.system) | \(run.strategy) | \(f(run.metric))\(run.error.map { " error: \($0.prefix(80))" } ?? "") | \(delta) | \(verdict) | \(run.rounds) | \(String(format: "%.1f", run.wallSeconds)) | \(ByteCount.format(run.bytes)) |"
                )
            }
        }
        let t = tally
        lines += [
            "",
            "Tally over \(results.count) tasks: \(t[.win] ?? 0) wins, \(t[.tie] ?? 0) ties, \(t[.loss] ?? 0) losses, \(t[.unknown] ?? 0) without a metric.",
        ]
        let losses = results.flatMap { r in
            r.verdicts.filter { $0.value == .loss }.map { "\(r.id) (\(r.chosen ?? "?") vs \($0.key))" }
        }
        if !losses.isEmpty { lines.append("Losses: " + losses.sorted().joined(separator: ", ") + ".") }
        lines += [
            "",
            "Per task: agents' time, sizing to the budget, and what the setting asks that this build does not reproduce:",
            "",
        ]
        for r in results {
            lines.append(
                "- \(r.id) (\(r.area ?? "")): \(r.status), agents \(String(format: "%.0f", r.agentSeconds)) s; sized: \(r.sizing.isEmpty ? "nothing" : r.sizing.joined(separator: "; "))"
                    + (r.notReproduced.isEmpty ? "" : "; not reproduced: " + r.notReproduced.joined(separator: ", ")))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
