import Foundation

/// Files a run reads and writes that must not be the same file: a report written over the topology
/// (or over the checkpoint it resumes from, or over another report) destroys it. Paths are compared
/// absolute, standardized (`a/../b` → `b`) and with symbolic links resolved, as the file system
/// would open them.
package enum PathConflicts {
    /// A named file of the run: `what` says what it is in messages ("report.json", "--checkpoint").
    package struct File: Sendable {
        package var what: String
        package var path: String

        package init(_ what: String, _ path: String) {
            self.what = what
            self.path = path
        }
    }

    /// The first output that is an input or an earlier output, with what it collides with; nil when
    /// all differ.
    package static func first(outputs: [File], inputs: [File]) -> (output: File, other: File)? {
        var seen = inputs.map { ($0, canonical($0.path)) }
        for output in outputs {
            let path = canonical(output.path)
            if let other = seen.first(where: { $0.1 == path }) { return (output, other.0) }
            seen.append((output, path))
        }
        return nil
    }

    /// The message for a conflict found by ``first(outputs:inputs:)``.
    package static func message(_ conflict: (output: File, other: File)) -> String {
        """
        \(conflict.output.what) is \(conflict.output.path), the same file as \(conflict.other.what) \
        (\(conflict.other.path)): the run would overwrite it; give \(conflict.output.what) a path of its own
        """
    }

    /// `path` absolute and standardized, with symbolic links resolved: the file's own when it
    /// exists, else its folder's (a file about to be written is not there yet).
    package static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) { return url.resolvingSymlinksInPath().path }
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent)
            .path
    }
}

extension TopologySpec {
    /// The report's files as ``PathConflicts`` outputs, named by their field.
    package var reportFiles: [PathConflicts.File] {
        [("report.json", report.json), ("report.csv", report.csv), ("report.html", report.html)]
            .compactMap { what, path in path.map { PathConflicts.File(what, $0) } }
    }

    /// A report path that is the topology file itself (`topologyPath`, when known) or another report path.
    func outputPathProblems(topologyPath: String?) -> [TopologyProblem] {
        let inputs = topologyPath.map { [PathConflicts.File("the topology file", $0)] } ?? []
        guard let conflict = PathConflicts.first(outputs: reportFiles, inputs: inputs) else { return [] }
        return [TopologyProblem(conflict.output.what, PathConflicts.message(conflict), near: ["report"])]
    }
}
