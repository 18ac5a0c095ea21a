import Federation
import Foundation
import Topology

extension RunOptions {
    /// Refuses a run whose outputs (the report's files, `--output`, `--checkpoint`) would overwrite
    /// one of its inputs (the topology, `--resume`'s checkpoint) or each other. Writing the
    /// checkpoint over the one it resumes from is allowed: that file is read whole before the first
    /// round, and continuing to checkpoint into it is how a run survives repeated crashes.
    func checkFiles(_ spec: TopologySpec) throws {
        var outputs =
            output.map { json in
                [PathConflicts.File("--output", json)]
                    + besideOutput(spec).map { PathConflicts.File("--output's \($0.what)", $0.path) }
            } ?? spec.reportFiles
        if let checkpoint { outputs.append(PathConflicts.File("--checkpoint", checkpoint)) }
        if let saveModel { outputs.append(PathConflicts.File("--save-model", saveModel)) }
        var inputs = [PathConflicts.File("the topology file", topology)]
        if let initialModel { inputs.append(PathConflicts.File("--initial-model", initialModel)) }
        if let resume, checkpoint.map(PathConflicts.canonical) != PathConflicts.canonical(resume) {
            inputs.append(PathConflicts.File("--resume", resume))
        }
        if let conflict = PathConflicts.first(outputs: outputs, inputs: inputs) {
            throw CommandFailure(PathConflicts.message(conflict))
        }
    }

    /// The CSV and HTML files the topology asks for, moved beside `--output` (its path with .csv and
    /// .html for .json), so a run given its own report path writes all of them there and none at the
    /// topology's paths, which another run may be writing.
    func besideOutput(_ spec: TopologySpec) -> [(what: String, path: String)] {
        guard let output else { return [] }
        let stem = output.hasSuffix(".json") ? String(output.dropLast(5)) : output
        return (spec.report.csv == nil ? [] : [("CSV report", stem + ".csv")])
            + (spec.report.html == nil ? [] : [("HTML report", stem + ".html")])
    }

    /// Writes the report's files: the JSON at `--output` or the topology's report.json, and the CSV
    /// and HTML the topology asks for (beside `--output` when it is given).
    func writeReport(_ report: RunReport, _ spec: TopologySpec) throws {
        guard let path = output ?? spec.report.json else { return }
        let moved = Dictionary(uniqueKeysWithValues: besideOutput(spec).map { ($0.what, $0.path) })
        let csvPath = output == nil ? spec.report.csv : moved["CSV report"]
        let htmlPath = output == nil ? spec.report.html : moved["HTML report"]
        do {
            try OutputFile.write(try jsonData(report, path), to: URL(fileURLWithPath: path), what: "the report")
            print("report: \(path)")
            if let csv = csvPath {
                try OutputFile.write(report.csv(), to: URL(fileURLWithPath: csv), what: "the CSV report")
                // The nodes' states and down/up periods, beside it, when the run had nodes.
                if report.nodes?.isEmpty == false {
                    try OutputFile.write(
                        report.nodesCSV(), to: URL(fileURLWithPath: Self.nodesCSVPath(csv)),
                        what: "the nodes' CSV report")
                }
            }
            if let html = htmlPath {
                try OutputFile.write(
                    HTMLReport.render(report, title: spec.name), to: URL(fileURLWithPath: html), what: "the HTML report"
                )
            }
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// The report's JSON path as an absolute path (where a placed server writes it on its host if
    /// this process is gone when the run ends), or nil when the run writes no report.
    func reportPath(_ spec: TopologySpec) -> String? {
        (output ?? spec.report.json).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    private func jsonData(_ report: RunReport, _ path: String) throws(FederationError) -> Data {
        do {
            return try report.jsonData()
        } catch {
            throw FederationError(
                .invalidSetting, "cannot write the report to \(path): it does not encode as JSON (\(error))")
        }
    }
}
