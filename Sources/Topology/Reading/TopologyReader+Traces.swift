import Foundation

extension TopologyReader {
    /// Reads the trace file `value` names (relative to the topology's directory) with `parse`; each
    /// problem is recorded at the key, with the trace's own file:line.
    static func readTrace<Trace>(_ value: YAMLValue, _ parse: (String, String) throws(TraceError) -> Trace) -> Trace? {
        guard let path = value.string() else { return nil }
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(
                fileURLWithPath: path,
                relativeTo: value.log.directory.map { URL(fileURLWithPath: $0, isDirectory: true) })
        guard let data = FileManager.default.contents(atPath: url.path) else {
            value.log.record(
                value.node, value.path,
                "cannot read the trace \(url.path): check the path (relative to the topology file's directory)")
            return nil
        }
        do {
            return try parse(String(decoding: data, as: UTF8.self), path)
        } catch {
            for problem in error.problems {
                value.log.record(value.node, value.path, "the trace is malformed: \(problem)")
            }
            return nil
        }
    }
}
