import Federation
import Foundation
import Topology

/// Where an interrupted run leaves its checkpoint, and how to continue it.
extension RunOptions {
    /// The checkpoint an interrupted run writes: `--checkpoint` when given, else next to the report
    /// (`<report>.checkpoint`), else `<topology name>.checkpoint` in the current directory.
    func interruptedCheckpointURL(_ spec: TopologySpec) -> URL {
        if let checkpoint { return URL(fileURLWithPath: checkpoint) }
        if let report = output ?? spec.report.json { return URL(fileURLWithPath: report + ".checkpoint") }
        return URL(fileURLWithPath: spec.name + ".checkpoint")
    }

    /// The nodes' CSV next to the rounds' CSV: `runs/x.csv` → `runs/x.nodes.csv`.
    static func nodesCSVPath(_ csv: String) -> String {
        (csv.hasSuffix(".csv") ? String(csv.dropLast(4)) : csv) + ".nodes.csv"
    }

    /// Prints that the run was interrupted, where its checkpoint is, and the command that continues it.
    func printResume(_ report: RunReport, command: String) {
        printLive("interrupted \(report.summary["interrupted"] ?? "")")
        guard let checkpoint = report.summary["checkpoint"] else { return }
        var words = ["fedactors", command, topology, "--resume", checkpoint, "--checkpoint", checkpoint]
        if let rounds { words += ["--rounds", String(rounds)] }
        if let output { words += ["--output", output] }
        printLive(
            "checkpoint: \(checkpoint)\nto continue: "
                + words.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " "))
    }
}
