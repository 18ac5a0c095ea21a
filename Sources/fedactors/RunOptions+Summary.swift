import ActorMesh
import Federation
import Foundation
import Learning

extension RunOptions {
    /// The communication summary of every node's ledger, the headline and the run's other results.
    func printSummary(_ report: RunReport, started: ContinuousClock.Instant) {
        print("\ncommunication summary (metered by each node's ledger):")
        let width = max(34, (report.ledgersInOrder.map(\.label.count).max() ?? 0) + 1)
        for (node, ledger) in report.ledgersInOrder {
            let s = ledger.total(.sent), r = ledger.total(.received)
            print(
                "  \(node.padding(toLength: width, withPad: " ", startingAt: 0)) sent \(ByteCount.format(s.totalBytes).padding(toLength: 10, withPad: " ", startingAt: 0)) (\(s.messages) msgs)  received \(ByteCount.format(r.totalBytes)) (\(r.messages) msgs)"
            )
        }
        print(
            "  model traffic: \(ByteCount.format(report.totalWireBytesDown)) down, \(ByteCount.format(report.totalWireBytesUp)) up over \(report.rounds.count) rounds"
        )
        // The plan's metric first (evaluation.metric), then the global model's accuracy.
        if let headline = report.summary["headline"] { print("  headline: " + headline) }
        if let accuracy = report.finalAccuracy { print(String(format: "  final accuracy %.4f", accuracy)) }
        if let spent = report.summary["privacy spent"] { print("  privacy spent: \(spent)") }
        if let stages = report.summary["data stages"] { print("  data stages: \(stages)") }
        for key in [
            "average task accuracy", "forgetting", "task accuracy", "traffic client-aggregator",
            "traffic aggregator-server", "WAN bytes saved vs flat",
        ] {
            if let line = report.summary[key] { print("  \(key): \(line)") }
        }
        for target in [0.7, 0.8] {
            if let bytes = report.bytesToReach(accuracy: target) {
                print(
                    String(format: "  model traffic to reach %.0f%% accuracy: ", target * 100) + ByteCount.format(bytes)
                )
            }
        }
        print(
            String(format: "  wall time %.2f s", (ContinuousClock.now - started).seconds)
                + " (OpenBLAS kernels: \(BLASKernels.active))")
        for line in report.nodeConsoleLines { print("  " + line) }
    }
}
