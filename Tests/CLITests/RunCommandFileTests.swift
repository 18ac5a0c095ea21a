import ActorMesh
import FedActorsTesting
import Federation
import Foundation
import Testing

/// What `run` reads and writes: checkpoints checked before they are trusted, outputs that would
/// overwrite an input refused before anything starts, write failures said in plain words.
extension RunCommandTests {
    /// A 3-client in-process topology in `dir` (a few seconds a round), with `learningRate`.
    func smallTopology(in dir: URL, learningRate: String = "0.05", extra: String = "") throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("small.yaml")
        try """
        name: small
        seed: 11
        clients:
          - {group: g, count: 3}
        data: {dataset: fashion-mnist, partition: {kind: dirichlet, alpha: 0.5}}
        model: logreg
        strategy: fedavg
        training: {rounds: 3, local_epochs: 1, batch_size: 64, learning_rate: \(learningRate)}
        \(extra)
        """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func aResumeUnderAnotherLearningRateOrOfADamagedCheckpointIsRefused() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resume-checked-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try smallTopology(in: dir)
        let checkpoint = dir.appendingPathComponent("c").path
        let first = try await DemoCommandTests().run([
            "run", topology, "--checkpoint", checkpoint, "--rounds", "2", "--output",
            dir.appendingPathComponent("first.json").path,
        ])
        #expect(first.status == 0, "stderr: \(first.stderr)")

        // The learning rate edited: refused before any node starts, naming the setting and both values.
        _ = try smallTopology(in: dir, learningRate: "0.1")
        let changed = try await DemoCommandTests().run(["run", topology, "--resume", checkpoint, "--rounds", "3"])
        #expect(changed.status != 0)
        #expect(
            changed.stderr.contains(
                """
                cannot resume from \(checkpoint): the checkpoint was written with training.learning_rate 0.05; this \
                topology has 0.1: resume with the topology it was written with, or start afresh
                """
            ), "\(changed.stderr)")
        #expect(!changed.stdout.contains("round  done/inv"))

        // Another build (the fingerprint a deployment sets with FEDACTORS_BUILD_ID).
        _ = try smallTopology(in: dir)
        let rebuilt = try await DemoCommandTests().run(
            ["run", topology, "--resume", checkpoint, "--rounds", "3"],
            environment: ["FEDACTORS_BUILD_ID": "another-\(UUID())"])
        #expect(rebuilt.status != 0)
        #expect(rebuilt.stderr.contains("the checkpoint was written with build "), "\(rebuilt.stderr)")

        // A NaN in the model (a file with a right checksum), and a flipped byte.
        let intact = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        var saved = try ServerCheckpoint.read(from: URL(fileURLWithPath: checkpoint))
        saved.parameters[1234] = .nan
        let poisoned = dir.appendingPathComponent("nan").path
        try saved.write(to: URL(fileURLWithPath: poisoned))
        let nan = try await DemoCommandTests().run(["run", topology, "--resume", poisoned, "--rounds", "3"])
        #expect(nan.status != 0)
        #expect(nan.stderr.contains("parameter 1234 is NaN"), "\(nan.stderr)")
        var flipped = intact
        flipped[flipped.count / 2] ^= 0x01
        let damaged = dir.appendingPathComponent("flipped").path
        try flipped.write(to: URL(fileURLWithPath: damaged))
        let corrupt = try await DemoCommandTests().run(["run", topology, "--resume", damaged, "--rounds", "3"])
        #expect(corrupt.status != 0)
        #expect(corrupt.stderr.contains("\(damaged) is corrupt"), "\(corrupt.stderr)")

        // The topology it was written with: the run resumes, checkpointing into the file it resumed from.
        let json = dir.appendingPathComponent("resumed.json")
        let resumed = try await DemoCommandTests().run([
            "run", topology, "--resume", checkpoint, "--checkpoint", checkpoint, "--rounds", "3", "--output", json.path,
        ])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming after round 2 of 3"))
        #expect(try RunReport.load(from: Data(contentsOf: json)).rounds.count == 3)
        #expect(try ServerCheckpoint.read(from: URL(fileURLWithPath: checkpoint)).completedRounds == 3)
    }

    @Test func theTopologysCSVAndHTMLGoBesideOutputAndNotToTheTopologysPaths() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("beside-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try smallTopology(
            in: dir,
            extra: "report: {json: \(dir.path)/topo.json, csv: \(dir.path)/topo.csv, html: \(dir.path)/topo.html}")
        let out = dir.appendingPathComponent("mine/run.json")
        let result = try await DemoCommandTests().run(["run", topology, "--rounds", "1", "--output", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let made = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("mine").path).sorted()
        #expect(made == ["run.csv", "run.html", "run.json", "run.nodes.csv"])
        #expect(try String(contentsOf: dir.appendingPathComponent("mine/run.html"), encoding: .utf8).contains("<svg"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("topo.json").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("topo.csv").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("topo.html").path))
        // The moved files are checked like the others: a CSV that would overwrite the checkpoint is refused.
        let clash = try await DemoCommandTests().run([
            "run", topology, "--output", out.path, "--checkpoint", dir.appendingPathComponent("mine/run.csv").path,
        ])
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("--output's CSV report"), "\(clash.stderr)")
    }

    @Test func anOutputThatWouldOverwriteAnInputIsRefusedBeforeTheRun() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("outputs-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try smallTopology(in: dir)
        let before = try String(contentsOfFile: topology, encoding: .utf8)
        // The same file by another spelling.
        let same = dir.appendingPathComponent("x/../small.yaml").path
        let overTopology = try await DemoCommandTests().run(["run", topology, "--output", same])
        #expect(overTopology.status != 0)
        #expect(
            overTopology.stderr.contains("--output is \(same), the same file as the topology file"),
            "\(overTopology.stderr)")
        let checkpoint = dir.appendingPathComponent("c.checkpoint").path
        let both = try await DemoCommandTests().run([
            "run", topology, "--output", checkpoint, "--checkpoint", checkpoint,
        ])
        #expect(both.stderr.contains("--checkpoint is \(checkpoint), the same file as --output"), "\(both.stderr)")
        let overResume = try await DemoCommandTests().run([
            "run", topology, "--resume", checkpoint, "--output", checkpoint,
        ])
        #expect(
            overResume.stderr.contains("--output is \(checkpoint), the same file as --resume"), "\(overResume.stderr)")
        #expect(try String(contentsOfFile: topology, encoding: .utf8) == before)

        // The topology's own report path over the topology: `validate` says so, at the field.
        _ = try smallTopology(in: dir, extra: "report: {json: \(topology)}")
        let validated = try await DemoCommandTests().run(["validate", topology])
        #expect(validated.status == 2)
        #expect(
            validated.stderr.contains(
                "\(topology):9:16: report.json: report.json is \(topology), the same file as the topology file"),
            "\(validated.stderr)")
    }

    @Test func aReportOrCheckpointThatCannotBeWrittenSaysWhereAndWhy() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unwritable-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try smallTopology(in: dir)
        let file = dir.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let report = file.appendingPathComponent("sub/report.json").path
        let result = try await DemoCommandTests().run(["run", topology, "--rounds", "1", "--output", report])
        #expect(result.status != 0)
        #expect(
            result.stderr.contains(
                """
                cannot write the report to \(report): the folder \(file.path)/sub does not exist and could not be \
                created (not a directory)
                """
            ), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"))

        let checkpoint = file.appendingPathComponent("run.checkpoint").path
        let failed = try await DemoCommandTests().run([
            "run", topology, "--rounds", "1", "--checkpoint", checkpoint, "--output",
            dir.appendingPathComponent("r.json").path,
        ])
        #expect(failed.status != 0)
        #expect(
            failed.stderr.contains(
                "cannot write the checkpoint to \(checkpoint): \(file.path) is a file, not a folder"),
            "\(failed.stderr)")
    }
}

/// A differentially private run: its target ε sets the noise, and every round reports the ε spent.
@Suite(.serialized) struct PrivateRunTests {
    @Test func aTargetEpsilonSetsTheNoiseAndEachRoundReportsTheEpsilonSpent() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dp-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dp.yaml")
        try """
        name: dp
        seed: 5
        clients:
          - {group: g, count: 10}
        data: {dataset: fashion-mnist, partition: {kind: iid}}
        model: logreg
        strategy: {name: dp-fedavg, clipping_norm: 1, target_epsilon: 4, delta: 0.0001}
        participation: {fraction: 0.5}
        training: {rounds: 4, local_epochs: 1, batch_size: 64, learning_rate: 0.05}
        """.write(to: file, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("dp.json")
        let result = try await DemoCommandTests().run(["run", file.path, "--output", json.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        let spent = report.rounds.compactMap(\.privacyEpsilon)
        #expect(spent.count == 4)
        #expect(zip(spent, spent.dropFirst()).allSatisfy { $0 < $1 }, "\(spent)")
        // The noise was set so that the 4 planned rounds at 5 of 10 clients spend at most ε = 4.
        #expect(spent.last! <= 4 && spent.last! > 3.9, "\(spent)")
        #expect(report.rounds.allSatisfy { $0.privacyDelta == 0.0001 })
        #expect(result.stdout.contains("  privacy spent: epsilon "))
        #expect(report.summary["privacy spent"]?.contains("RDP") == true)

        // Both a target and a noise multiplier: refused, saying to give one.
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "delta: 0.0001}", with: "delta: 0.0001, noise_multiplier: 1}"
        )
        .write(to: file, atomically: true, encoding: .utf8)
        let both = try await DemoCommandTests().run(["run", file.path, "--output", json.path])
        #expect(both.status != 0)
        #expect(both.stderr.contains("give one"), "\(both.stderr)")

        // A target no noise reaches is refused by validate, located at the option.
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "target_epsilon: 4, delta: 0.0001, noise_multiplier: 1}",
            with: "target_epsilon: 0.00001, delta: 0.0001}"
        )
        .write(to: file, atomically: true, encoding: .utf8)
        let unreachable = try await DemoCommandTests().run(["validate", file.path])
        #expect(unreachable.status != 0)
        #expect(
            unreachable.stderr.contains("dp.yaml:7:") && unreachable.stderr.contains("cannot be reached over 4 rounds"),
            "\(unreachable.stderr)")
    }
}
