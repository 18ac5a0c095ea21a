import Federation
import Foundation
import Testing

/// `fedactors auto --data`: the topology it writes carries the data topology's hosts, clients and
/// `messy:` section, so its full run is `run`'s: two `fedactors node` child processes build their
/// clients' messy data and data agents, the four stages run before round 1, and only the clients the
/// selection keeps train, on their prepared data. The stages and the refusals reach the console,
/// transcript.json, data-stages.json and report.json.
@Suite(.serialized) struct AutoDataStagesTests {
    static let topology = """
        name: messy-wards
        seed: 11
        hosts:
          - {name: ward-a, start: local}
          - {name: ward-b, start: local}
        clients:
          - {group: wards, count: 5, hosts: [ward-a, ward-b]}
        data: {dataset: fashion-mnist, partition: iid}
        messy:
          samples_per_client: 400
          corrupt_fraction: 0.1
          vocabularies: [french, typos, uppercase]
          sensor_clients: 1
        model: 2nn
        strategy: fedavg
        participation: {fraction: 1.0, min_fit: 2, min_available: 2}
        """

    /// `auto` in `dir` on the topology above with `extra` arguments.
    static func auto(in dir: URL, _ extra: [String]) async throws -> DemoCommandTests.Output {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("messy-wards.yaml")
        try topology.write(to: path, atomically: true, encoding: .utf8)
        // The request asks for 6 phones: the full run has the data topology's 5 clients instead.
        return try await DemoCommandTests().run(
            [
                "auto", AgentCommandTests.request, "--data", path.path, "--yes", "--out",
                dir.appendingPathComponent("out").path,
            ]
                + extra)
    }

    @Test func theFullRunPreparesTheDataOnTheNodesAndTrainsOnIt() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-data-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }

        let result = try await Self.auto(in: dir, ["--rounds", "4", "--budget", "8m"])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let out = dir.appendingPathComponent("out")
        let written = try String(
            contentsOf: try #require(
                try FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil).first {
                    $0.pathExtension == "yaml"
                }), encoding: .utf8)
        #expect(written.contains("messy:") && written.contains("ward-a") && written.contains("sensor_clients: 1"))
        for stage in ["data-description", "data-selection", "data-cleaning", "data-harmonization"] {
            #expect(result.stdout.contains("[\(stage)] data-"), "\(stage)")
        }
        #expect(result.stdout.contains("client 4: refused at selection: its samples are 32×3"))
        // --yes reached the gate: the misspelled labels train under the harmonizer's proposal.
        #expect(result.stdout.contains("gate: label \"Trouserr\"") && result.stdout.contains("gate: accepted (--yes)"))
        #expect(!result.stdout.contains("gate: no answer (end of input)"))
        let report = try RunReport.load(from: Data(contentsOf: out.appendingPathComponent("report.json")))
        let stages = try #require(report.dataStages)
        #expect(stages.training == [0, 1, 2, 3])
        #expect(stages.leftOut[4]?.contains("32×3") == true)
        #expect(!report.rounds.isEmpty)
        #expect(report.rounds.allSatisfy { Set($0.invited).isSubset(of: [0, 1, 2, 3]) && !$0.completed.isEmpty })
        #expect((report.finalAccuracy ?? 0) > 0.5, "final accuracy \(report.finalAccuracy ?? 0)")
        let transcript =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("transcript.json")))
            as? [[String: Any]] ?? []
        let names = transcript.compactMap { $0["stage"] as? String }
        for stage in ["plan", "data-description", "data-selection", "data-cleaning", "data-harmonization"] {
            #expect(names.contains(stage), "\(stage)")
        }
        // Every client the selection kept relabelled samples, and those are what it trains on.
        let relabelled = stages.transcript.filter {
            $0.stage == "data-harmonization" && $0.role.hasPrefix("data-client-")
        }
        #expect(relabelled.count == 4 && relabelled.allSatisfy { !$0.summary.hasPrefix("0 samples") })
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("data-stages.json").path))
        // The stage entries carry the exchanges in full: client 0's card, the server's mappings.
        func entry(_ stage: String, _ role: String) -> [String: Any]? {
            transcript.first { $0["stage"] as? String == stage && $0["role"] as? String == role }
        }
        let card = entry("data-description", "data-client-0")?["received"] as? [String: Any]
        #expect(card?["size"] as? Int == 400 && card?["labels"] is [String: Any], "\(card ?? [:])")
        let plan = try #require(entry("data-harmonization", "data-server")?["received"])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: plan), as: UTF8.self)
        #expect(text.contains("\"mappings\"") && text.contains("Trouser"), "\(text.prefix(400))")
    }

    /// The evaluate entries of `out`'s transcript.json whose stage is `stage`, with what each received.
    static func trials(in out: URL, stage: String) throws -> [[String: Any]] {
        let transcript =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("transcript.json")))
            as? [[String: Any]] ?? []
        return transcript.filter { $0["stage"] as? String == stage }.compactMap { $0["received"] as? [String: Any] }
    }

    /// What a trial's result says it trained on: the clients the stages kept, those that completed a
    /// round, and the stage names of its data-stage exchanges.
    static func dataUse(_ received: [String: Any]) -> (kept: [Int], trained: [Int], stages: Set<String>)? {
        guard let data = received["data"] as? [String: Any], let stages = data["stages"] as? [String: Any] else {
            return nil
        }
        let lines = stages["transcript"] as? [[String: Any]] ?? []
        return (
            stages["training"] as? [Int] ?? [], data["trained"] as? [Int] ?? [],
            Set(lines.compactMap { $0["stage"] as? String })
        )
    }

    @Test func theTrialAndEveryCommitteeTrialTrainOnThePreparedData() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-data-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }

        let result = try await Self.auto(in: dir, ["--no-run", "--committee", "2", "--top-k", "2"])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        // The console names the data of the trial and of each committee trial.
        let dataLine = "messy-wards.yaml's data after its data stages: 4 of 5 clients train on prepared data"
        #expect(result.stdout.contains("trial 1: passes L1 and L2 (on "), "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: dataLine).count - 1 >= 3, "\(result.stdout)")
        let out = dir.appendingPathComponent("out")
        let trials = try Self.trials(in: out, stage: "evaluate") + Self.trials(in: out, stage: "committee-trial")
        #expect(trials.count >= 3, "\(trials.count) trials")
        for trial in trials {
            let use = try #require(Self.dataUse(trial), "a trial without the data it trained on")
            #expect(use.kept == [0, 1, 2, 3])
            // Only the clients the selection kept trained; the sensor client 4 never did.
            #expect(!use.trained.isEmpty && Set(use.trained).isSubset(of: [0, 1, 2, 3]), "\(use.trained)")
            for stage in ["data-description", "data-selection", "data-cleaning", "data-harmonization"] {
                #expect(use.stages.contains(stage), "\(stage)")
            }
        }
    }

    @Test func withNoRunTheTopologyCarriesTheDataAndSaysWhenTheStagesRun() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-data-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }

        let result = try await Self.auto(in: dir, ["--no-run"])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("the data stages run when it runs: fedactors run"))
        #expect(result.stdout.contains("data: 5 clients of"))
    }
}
