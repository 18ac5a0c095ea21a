import Foundation
import Testing
@testable import Topology

/// Reading topology files from disk: what is wrong with the file itself is said as such, located,
/// and short.
@Suite struct TopologyFileTests {
    let valid = """
        name: x
        clients:
          - {group: a, count: 3}
        data: {dataset: fashion-mnist, partition: iid}
        model: 2nn
        strategy: fedavg
        """

    func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("topology-files-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    func issues(loading path: String) -> [TopologyIssue] {
        do {
            _ = try TopologyReader.load(path: path)
            return []
        } catch let error as TopologyError {
            return error.issues
        } catch {
            return [TopologyIssue(file: path, line: 0, column: 0, field: "", message: "unexpected \(error)")]
        }
    }

    @Test func aReportPathThatIsTheTopologyFileIsRefusedAtItsField() throws {
        try withFolder { dir in
            let file = dir.appendingPathComponent("run.yaml")
            // Through another spelling of the same path, and through a symbolic link to it.
            try (valid + "\nreport: {json: \(dir.path)/./sub/../run.yaml}\n").write(
                to: file, atomically: true, encoding: .utf8)
            let found = issues(loading: file.path)
            #expect(found.map(\.field) == ["report.json"], "\(found)")
            #expect(found.first?.line == 7)
            #expect(found.first?.message.contains("the same file as the topology file") == true, "\(found)")

            let link = dir.appendingPathComponent("link.yaml")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
            try (valid + "\nreport: {html: \(link.path)}\n").write(to: file, atomically: true, encoding: .utf8)
            #expect(issues(loading: file.path).map(\.field) == ["report.html"])

            // Paths of their own validate.
            try (valid + "\nreport: {json: \(dir.path)/r.json, csv: \(dir.path)/r.csv}\n").write(
                to: file, atomically: true, encoding: .utf8)
            #expect(issues(loading: file.path).isEmpty)
        }
    }

    @Test func aFileThatIsNotUTF8IsNamedAsSuchWithTheOffset() throws {
        try withFolder { dir in
            let file = dir.appendingPathComponent("latin1.yaml")
            var bytes = Data("name: caf".utf8)
            bytes.append(0xE9)  // é in ISO 8859-1
            bytes.append(contentsOf: Data("\n".utf8) + Data(valid.utf8))
            try bytes.write(to: file)
            let found = issues(loading: file.path)
            #expect(found.count == 1)
            #expect(
                found.first?.message == "the file is not UTF-8 text (invalid byte at offset 9): save it as UTF-8",
                "\(found)")
            #expect(found.first.map { ($0.line, $0.column) } ?? (0, 0) == (1, 10))
            // A missing file is still a missing file.
            let missing = issues(loading: dir.appendingPathComponent("absent.yaml").path)
            #expect(missing.first?.message.contains("no such file") == true, "\(missing)")
        }
    }

    @Test func invalidUTF8IsFoundWhereverItIs() {
        #expect(TopologyText.invalidUTF8Offset(Data("plain ascii, é and 😀".utf8)) == nil)
        #expect(TopologyText.invalidUTF8Offset(Data([0x61, 0xC3])) == 1)  // cut inside a character
        #expect(TopologyText.invalidUTF8Offset(Data([0x61, 0x62, 0xC0, 0x80])) == 2)  // overlong
        #expect(TopologyText.invalidUTF8Offset(Data([0xED, 0xA0, 0x80])) == 0)  // a surrogate
        #expect(TopologyText.invalidUTF8Offset(Data([0x41, 0xE2, 0x28, 0xA1])) == 1)  // a bad continuation
    }

    /// A duplicate key in a large file: located at the duplicate, and the message is a line, not the file.
    @Test func aDuplicateKeyInALargeFileIsLocatedWithoutEchoingTheFile() throws {
        let filler = (0..<200_000).map { "# filler line \($0) of a large topology file\n" }.joined()
        let text = valid + "\n" + filler + "strategy: fedprox\n"
        do {
            _ = try TopologyReader.parse(text, file: "big.yaml")
            Issue.record("a duplicate key validated")
        } catch let error as TopologyError {
            #expect(error.issues.count == 1)
            #expect(error.issues.first?.line == 7 + 200_000)
            #expect(error.issues.first?.column == 1)
            #expect(error.description.count < 300, "\(error.description.prefix(500))")
            #expect(error.description.contains("duplicate key 'strategy'"))
        }
    }

    @Test func aDuplicateKeyInAFlowMappingIsLocatedOnItsLine() {
        let text = valid.replacingOccurrences(of: "partition: iid}", with: "partition: iid, dataset: mnist}")
        do {
            _ = try TopologyReader.parse(text, file: "flow.yaml")
            Issue.record("a duplicate key validated")
        } catch let error as TopologyError {
            #expect(error.issues.map { "\($0.line):\($0.column)" } == ["4:48"], "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func portsAreCheckedWhereTheyAreBoundAndWhereTheyAreDialled() {
        #expect(EndpointPort.problem(in: "tcp://127.0.0.1:0", bind: true) == nil)
        #expect(EndpointPort.problem(in: "tcp://127.0.0.1:*", bind: true) == nil)
        #expect(EndpointPort.problem(in: "tcp://[::1]:65535", bind: false) == nil)
        #expect(EndpointPort.problem(in: "inproc://x", bind: false) == nil)
        #expect(EndpointPort.problem(in: "tcp://127.0.0.1:0", bind: false) != nil)
        #expect(EndpointPort.problem(in: "tcp://127.0.0.1:65536", bind: true) != nil)
        #expect(EndpointPort.problem(in: "tcp://127.0.0.1:-5", bind: true) != nil)
        #expect(EndpointPort.problem(in: "tcp://127.0.0.1", bind: true) != nil)
        #expect(EndpointPort.problem(in: "tcp://[::1]", bind: true) != nil)
        // In a command: --bind's value is bound, --advertise's dialled; also inside one ssh word.
        #expect(EndpointPort.problems(inCommand: ["fedactors", "node", "--bind", "tcp://0.0.0.0:0"]).isEmpty)
        #expect(
            EndpointPort.problems(inCommand: [
                "ssh", "b", "fedactors node --bind=tcp://0.0.0.0:0 --advertise 'tcp://10.0.0.2:0'",
            ]).count == 1)
        #expect(EndpointPort.problems(inCommand: ["fedactors", "node", "--bind", "tcp://10.0.0.2:70000"]).count == 1)
    }
}
