import Federation
import Foundation
import Learning
import Testing

/// `run --save-model` and `--initial-model`: the global model leaves and enters a run as a NumPy
/// .npz keyed like the PyTorch module's state_dict, and a file that does not fit is refused before
/// any node starts, naming the key.
@Suite struct ModelWeightsCommandTests {
    /// A 3-client in-process logreg topology on an iid split (exportable to Flower).
    static func topology(in dir: URL, model: String = "logreg") throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("weights.yaml")
        try """
        name: weights
        seed: 5
        clients:
          - {group: g, count: 3}
        data: {dataset: fashion-mnist, partition: {kind: iid}}
        model: \(model)
        strategy: fedavg
        training: {rounds: 2, local_epochs: 1, batch_size: 64, learning_rate: 0.05}
        """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func aSavedModelIsTheRunsFinalModelAndStartsTheNextRun() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weights-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try Self.topology(in: dir)
        let saved = dir.appendingPathComponent("final.npz")
        let checkpoint = dir.appendingPathComponent("c")
        let first = try await DemoCommandTests().run([
            "run", topology, "--save-model", saved.path, "--checkpoint", checkpoint.path, "--output",
            dir.appendingPathComponent("a.json").path,
        ])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("model: \(saved.path)"))
        // The file holds the final global model (the checkpoint's), in PyTorch's layout.
        let arrays = try NPZFile.read(saved)
        #expect(arrays.map(\.name) == ["dense0.weight", "dense0.bias"])
        #expect(arrays.map(\.array.shape) == [[10, 784], [10]])
        let final = try ServerCheckpoint.read(from: checkpoint).parameters
        let network = try ModelZoo.perceptron(layerSizes: [784, 10], seed: nil)
        let loaded = try network.parameters(fromStateDict: arrays, model: "logreg", source: saved.path)
        #expect(loaded.map(\.bitPattern) == final.map(\.bitPattern))

        // A run started from it evaluates it before training: its first round starts from there.
        let second = try await DemoCommandTests().run([
            "run", topology, "--initial-model", saved.path, "--rounds", "1", "--output",
            dir.appendingPathComponent("b.json").path,
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let a = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("a.json")))
        let b = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("b.json")))
        let afterTwo = try #require(a.rounds.last?.globalAccuracy)
        let afterThird = try #require(b.rounds.last?.globalAccuracy)
        let fresh = try #require(a.rounds.first?.globalAccuracy)
        // Continuing from two rounds' model, one more round is past where a fresh first round was.
        #expect(afterThird > fresh, "fresh round 1 \(fresh), two rounds \(afterTwo), continued \(afterThird)")
    }

    @Test func theSeedsModelAsAFileGivesTheSameRunAsTheSeed() async throws {
        // `export flower` writes the topology's own initial model: a run from that file is the seed's run.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weights-seed-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try Self.topology(in: dir)
        let app = dir.appendingPathComponent("app")
        let export = try await DemoCommandTests().run(["export", "flower", topology, "-o", app.path])
        #expect(export.status == 0, "\(export.stderr)")
        let fromSeed = try await DemoCommandTests().run([
            "run", topology, "--output", dir.appendingPathComponent("seed.json").path,
        ])
        let fromFile = try await DemoCommandTests().run([
            "run", topology, "--initial-model", app.appendingPathComponent("initial_model.npz").path, "--output",
            dir.appendingPathComponent("file.json").path,
        ])
        #expect(fromSeed.status == 0 && fromFile.status == 0, "\(fromSeed.stderr)\(fromFile.stderr)")
        let seed = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("seed.json")))
        let file = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("file.json")))
        #expect(seed.rounds.count == 2)
        #expect(seed.rounds.map(\.globalAccuracy) == file.rounds.map(\.globalAccuracy))
        #expect(seed.rounds.map(\.globalLoss) == file.rounds.map(\.globalLoss))
    }

    @Test func aFileThatDoesNotFitIsRefusedBeforeAnyNodeStarts() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weights-bad-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try Self.topology(in: dir, model: "2nn")
        // A logreg's weights for a 2nn run.
        let logreg = try ModelZoo.perceptron(layerSizes: [784, 10], seed: 1)
        let wrong = dir.appendingPathComponent("logreg.npz")
        try Data(try NPZFile.bytes(try logreg.stateDict(of: logreg.parameters, model: "logreg"), source: "x"))
            .write(to: wrong)
        let refused = try await DemoCommandTests().run(["run", topology, "--initial-model", wrong.path])
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains("\(wrong.path): 'dense0.weight' is [10, 784]; model '2nn' needs [200, 784]"),
            "\(refused.stderr)")
        #expect(!refused.stdout.contains("round  done/inv"))
        // A truncated file.
        let bytes = try Data(contentsOf: wrong)
        let truncated = dir.appendingPathComponent("cut.npz")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let cut = try await DemoCommandTests().run(["run", topology, "--initial-model", truncated.path])
        #expect(cut.status != 0)
        #expect(cut.stderr.contains("\(truncated.path) is not a zip archive (.npz), or is truncated"), "\(cut.stderr)")
        // With --resume, and over the topology: refused as arguments.
        let both = try await DemoCommandTests().run([
            "run", topology, "--initial-model", wrong.path, "--resume", dir.appendingPathComponent("c").path,
        ])
        #expect(both.status != 0 && both.stderr.contains("--initial-model starts a new run"), "\(both.stderr)")
        let over = try await DemoCommandTests().run(["run", topology, "--save-model", topology])
        #expect(
            over.status != 0 && over.stderr.contains("--save-model is \(topology), the same file as the topology file"))
        // A model without a PyTorch mapping: refused before it runs, not after its last round.
        let cnn = try Self.topology(in: dir.appendingPathComponent("cnn"), model: "cnn")
        let unmapped = try await DemoCommandTests().run([
            "run", cnn, "--save-model", dir.appendingPathComponent("cnn.npz").path,
        ])
        #expect(unmapped.status != 0)
        #expect(unmapped.stderr.contains("model 'cnn' has a conv layer"), "\(unmapped.stderr)")
        #expect(!unmapped.stdout.contains("round  done/inv"))
    }
}
