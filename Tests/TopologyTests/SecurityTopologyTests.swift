import ActorMesh
import Foundation
import Testing
import ZeroMQ
@testable import Topology

/// `security: {curve_mesh_key: FILE}`: read, its key checked when the file is read, and the hosts
/// that could not share it refused up front.
@Suite struct SecurityTopologyTests {
    /// A directory holding `mesh.key` (a real secret key) and `bad.key` (not a key).
    static func keyDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mesh-keys-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pair = try CurveKeyPair.generate()
        try Data("# the run's mesh key\n\(pair.secretKey)\n".utf8).write(to: dir.appendingPathComponent("mesh.key"))
        try Data("not-a-key\n".utf8).write(to: dir.appendingPathComponent("bad.key"))
        return dir
    }

    static func topology(hosts: String, key: String) -> String {
        """
        name: x
        \(hosts)
        clients: [{group: a, count: 2}]
        data: {dataset: fashion-mnist, partition: iid}
        model: 2nn
        strategy: fedavg
        security: {curve_mesh_key: \(key)}

        """
    }

    @Test func aMeshKeyFileIsReadAndCheckedWhenTheTopologyIs() throws {
        let dir = try Self.keyDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("mesh.key").path
        let spec = try TopologyReader.parse(Self.topology(hosts: "hosts: [{name: h, start: local}]", key: good))
        #expect(spec.security == SecuritySpec(curveMeshKey: good))
        // The file's comment line is skipped; the key is a usable shared-mesh key.
        let security = try CurveKeyFile.sharedMesh(at: good)
        #expect(
            security.allowedClientKeys == [security.keys.publicKey]
                && security.defaultServerKey == security.keys.publicKey)

        let issues = CrossFieldValidationTests.issues(
            Self.topology(hosts: "hosts: [{name: h, start: local}]", key: dir.appendingPathComponent("bad.key").path))
        #expect(
            issues.count == 1
                && issues[0].hasPrefix("7:28: security.curve_mesh_key: a CURVE secret key is 40 Z85 characters"),
            "\(issues)")
        let missing = CrossFieldValidationTests.issues(
            Self.topology(hosts: "hosts: [{name: h, start: local}]", key: "/nonexistent/mesh.key"))
        #expect(missing.count == 1 && missing[0].contains("/nonexistent/mesh.key cannot be read"), "\(missing)")
        #expect(
            CrossFieldValidationTests.issues(
                """
                name: x\nclients: [{group: a, count: 1}]\ndata: fashion-mnist\nmodel: 2nn\nstrategy: \
                fedavg\nsecurity: {}\n
                """
            )
            .contains { $0.contains("security.curve_mesh_key: missing") })
    }

    @Test func hostsThatCannotShareTheKeyAreRefused() throws {
        let dir = try Self.keyDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("mesh.key").path
        // A command host must be given its own copy of the key.
        let command = "hosts: [{name: h, start: command, command: [fedactors, node]}]"
        CrossFieldValidationTests.expectOne(
            Self.topology(hosts: command, key: key),
            """
            2:44: hosts[0].command: security.curve_mesh_key is set, so host h's node must share the key: add \
            --curve-mesh-key
            """
        )
        let given =
            "hosts: [{name: h, start: command, command: [fedactors, node, --curve-mesh-key, /etc/fedactors/mesh.key]}]"
        #expect(CrossFieldValidationTests.issues(Self.topology(hosts: given, key: key)) == [])
        // As --flag=FILE, and inside a one-word remote command.
        let joined =
            """
            hosts: [{name: h, start: command, command: [fedactors, node, \
            \"--curve-mesh-key=/etc/fedactors/mesh.key\"]}]
            """
        #expect(CrossFieldValidationTests.issues(Self.topology(hosts: joined, key: key)) == [])
        let oneWord =
            "hosts: [{name: h, start: command, command: [ssh, b, \"fedactors node --curve-mesh-key /etc/mesh.key\"]}]"
        #expect(CrossFieldValidationTests.issues(Self.topology(hosts: oneWord, key: key)) == [])
        // In-process nodes (also a topology without hosts) cannot be encrypted.
        CrossFieldValidationTests.expectOne(
            Self.topology(hosts: "hosts: [{name: h, start: inprocess}]", key: key),
            "2:26: hosts[0].start: security.curve_mesh_key is set, and in-process nodes cannot use CurveZMQ")
        #expect(
            CrossFieldValidationTests.issues(Self.topology(hosts: "", key: key)).first?.contains(
                "in-process nodes cannot use CurveZMQ") == true)
    }
}
