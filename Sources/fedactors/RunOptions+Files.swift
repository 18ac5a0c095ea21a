import Federation
import Foundation
import Topology

extension RunOptions {
    /// Refuses a run whose outputs (the report's files, `--output`, `--checkpoint`) would overwrite
    /// one of its inputs (the topology, `--resume`'s checkpoint) or each other. Writing the
    /// checkpoint over the one it resumes from is allowed: that file is read whole before the first
    /// round, and continuing to checkpoint into it is how a run survives repeated crashes.
    func checkFiles(_ spec: TopologySpec) throws {
        var outputs = output.map { [PathConflicts.File("--output", $0)] } ?? spec.reportFiles
        if let checkpoint { outputs.append(PathConflicts.File("--checkpoint", checkpoint)) }
        var inputs = [PathConflicts.File("the topology file", topology)]
        if let resume, checkpoint.map(PathConflicts.canonical) != PathConflicts.canonical(resume) {
            inputs.append(PathConflicts.File("--resume", resume))
        }
        if let conflict = PathConflicts.first(outputs: outputs, inputs: inputs) {
            throw CommandFailure(PathConflicts.message(conflict))
        }
    }

    /// Writes the report's files: `--output` (JSON only), else the topology's report.json, csv and html.
    func writeReport(_ report: RunReport, _ spec: TopologySpec) throws {
        guard let path = output ?? spec.report.json else { return }
        do {
            try OutputFile.write(try jsonData(report, path), to: URL(fileURLWithPath: path), what: "the report")
            print("report: \(path)")
            if output == nil, let csv = spec.report.csv {
                try OutputFile.write(report.csv(), to: URL(fileURLWithPath: csv), what: "the CSV report")
                // The nodes' states and down/up periods, beside it, when the run had nodes.
                if report.nodes?.isEmpty == false {
                    try OutputFile.write(report.nodesCSV(), to: URL(fileURLWithPath: Self.nodesCSVPath(csv)), what: "the nodes' CSV report")
                }
            }
            if output == nil, let html = spec.report.html {
                try OutputFile.write(HTMLReport.render(report, title: spec.name), to: URL(fileURLWithPath: html), what: "the HTML report")
            }
        } catch {
            throw CommandFailure(error.message)
        }
    }

    private func jsonData(_ report: RunReport, _ path: String) throws(FederationError) -> Data {
        do {
            return try report.jsonData()
        } catch {
            throw FederationError(.invalidSetting, "cannot write the report to \(path): it does not encode as JSON (\(error))")
        }
    }
}
