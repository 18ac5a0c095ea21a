import ActorMesh
import ArgumentParser
import Federation
import Foundation

/// `fedactors report`: read a run's JSON report; print its tables and write the HTML page and CSV tables.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            """
            Print a run's tables (per round, per client, per actor role, per node) and write its HTML page with \
            charts and its CSV tables.
            """,
        discussion: """
            CSV tables, next to the JSON by default (--csv PREFIX to choose): PREFIX.csv (per round), \
            PREFIX.clients.csv (per client), PREFIX.traffic.csv (every node's ledger rows: node × peer × \
            actor role × method × direction), and PREFIX.nodes.csv (each node's down/up periods) when the \
            run had client nodes.
            """)

    @Argument(help: "The run report JSON written by `fedactors run`.")
    var runJSON: String

    @Option(help: "Where to write the HTML page (default: next to the JSON, with .html).")
    var html: String?

    @Option(help: "The path prefix of the CSV tables (default: the JSON's path without .json).")
    var csv: String?

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
        let base = runJSON.hasSuffix(".json") ? String(runJSON.dropLast(5)) : runJSON
        var files: [(path: String, text: String, what: String)] = [
            (html ?? base + ".html", HTMLReport.render(report), "the HTML page"),
            ((csv ?? base) + ".csv", report.csv(), "the per-round CSV"),
            ((csv ?? base) + ".clients.csv", report.clientsCSV(), "the per-client CSV"),
            ((csv ?? base) + ".traffic.csv", report.trafficCSV(), "the traffic CSV"),
        ]
        if report.nodes?.isEmpty == false {
            files.append(((csv ?? base) + ".nodes.csv", report.nodesCSV(), "the nodes' CSV"))
        }
        print("")
        for file in files {
            do {
                try OutputFile.write(file.text, to: URL(fileURLWithPath: file.path), what: file.what)
            } catch {
                throw CommandFailure(error.message)
            }
            print("wrote \(file.path)")
        }
    }
}
