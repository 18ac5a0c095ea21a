import ActorMesh
import ArgumentParser
import Federation
import Foundation

/// `fedactors report`: read a run's JSON report; print its tables and write the HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a run's tables (per round, per client, per actor role, per node) and write its HTML page with charts.")

    @Argument(help: "The run report JSON written by `fedactors run`.")
    var runJSON: String

    @Option(help: "Where to write the HTML page (default: next to the JSON, with .html).")
    var html: String?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: runJSON) else {
            throw CommandFailure("cannot read \(runJSON): check the path")
        }
        let report: RunReport
        do {
            report = try RunReport.load(from: data)
        } catch {
            throw CommandFailure("\(runJSON) is not a FedActors run report: \(error)")
        }
        print(report.consoleTable(), terminator: "")
        if let interrupted = report.summary["interrupted"] { print("interrupted \(interrupted)") }
        for line in report.nodeConsoleLines { print(line) }
        print("\nper client:")
        print(report.clientTable(), terminator: "")
        print("\ntraffic by actor role (every node, each message counted once by its sender):")
        print(report.roleTable(), terminator: "")
        for (node, ledger) in report.ledgersInOrder {
            print("\ntraffic of node \(node):")
            print(ledger.table(), terminator: "")
        }
        let out = html ?? (runJSON.hasSuffix(".json") ? String(runJSON.dropLast(5)) + ".html" : runJSON + ".html")
        try HTMLReport.render(report).write(toFile: out, atomically: true, encoding: .utf8)
        print("\nwrote \(out)")
    }
}
