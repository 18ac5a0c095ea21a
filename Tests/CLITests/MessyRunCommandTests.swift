import Federation
import Foundation
import Testing

/// `fedactors run` of a topology with a `messy:` section, end to end: two node processes, each
/// building its clients' messy data and their data agents; the four data stages before round 1,
/// driven from the FL server (in the run's process, or placed on a third node), with their
/// transcript, their traffic and the clients left out on the console; then training on the
/// prepared data, well above chance.
@Suite(.serialized) struct MessyRunCommandTests {
    /// With `placed`, the FL server (and so the server data agent) runs on host `hub`'s node.
    static func topology(placed: Bool) -> String {
        """
        name: messy-clinics
        seed: 7
        hosts:
          - {name: ward-a, start: local}
          - {name: ward-b, start: local}
          - {name: hub, start: local}
        \(placed ? "server: {host: hub}" : "")
        clients:
          - {group: clinics, count: 6, hosts: [ward-a, ward-b]}
        data: {dataset: fashion-mnist, partition: iid}
        messy:
          samples_per_client: 400
          corrupt_fraction: 0.1
          vocabularies: [french, german, typos, uppercase]
          raw_scale_fraction: 0.3
          excluded_class_clients: 1
          sensor_clients: 1
          exclude: [Bag]
        model: 2nn
        strategy: fedavg
        training: {rounds: 4, local_epochs: 2, batch_size: 16, learning_rate: 0.05, momentum: 0.9}
        evaluation: {test_samples: 2000}
        """
    }

    @Test(arguments: [false, true])
    func runPreparesTheDataOnTheNodesAndTrainsOnIt(placed: Bool) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("messy-run-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("messy-clinics.yaml")
        try Self.topology(placed: placed).write(to: path, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("report.json")

        let result = try await DemoCommandTests().run(["run", path.path, "--output", json.path])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let out = result.stdout
        for stage in ["data-description", "data-selection", "data-cleaning", "data-harmonization"] {
            #expect(out.contains("[\(stage)] data-"), "\(stage)")
        }
        #expect(out.contains("data-stage traffic") && out.contains("ClientDataAgent.describe"))
        // Client 2 writes misspelled labels: nobody answers the gate, so its unsure labels are left out.
        #expect(out.contains("gate: label \"Trouserr\"") && out.contains("gate: no answer (end of input)"))
        #expect(
            out.range(
                of: #"data-client-2: [0-9]+ samples relabelled, [1-9][0-9]* dropped"#, options: .regularExpression)
                != nil)
        #expect(out.contains("client 4: refused at selection: its labels name classes the task excludes"))
        #expect(out.contains("client 5: refused at selection: its samples are 32×3"))
        #expect(out.contains("data stages: 4 of 6 clients train on prepared data"))
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 4)
        #expect(report.rounds.allSatisfy { Set($0.invited) == [0, 1, 2, 3] }, "\(report.rounds.map(\.invited))")
        #expect(report.summary["data stages"]?.contains("left out: client 4") == true)
        #expect((report.finalAccuracy ?? 0) > 0.5, "final accuracy \(report.finalAccuracy ?? 0)")
    }
}
