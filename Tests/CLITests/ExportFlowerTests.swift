import Federation
import Foundation
import Testing

/// `fedactors export flower`: an exportable topology becomes a Flower app that is valid Python and
/// imports with flwr installed (in a venv this test makes); anything else is refused, naming the field.
@Suite struct ExportFlowerTests {
    /// The flower-comparison workload with 4 clients and 2 rounds, under `dir`.
    static func topology(in dir: URL, extra: String = "", strategy: String = "fedavg") throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("flower.yaml")
        try """
        name: Flower check
        seed: 42
        clients:
          - {group: clients, count: 4}
        data: {dataset: fashion-mnist, partition: {kind: flower_dirichlet, alpha: 0.5}}
        model: 2nn
        strategy: \(strategy)
        training: {rounds: 2, local_epochs: 1, batch_size: 32, learning_rate: 0.05}
        participation: {fraction: 0.5, round: floor}
        \(extra)
        """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func anUnsupportedTopologyIsRefusedNamingEveryField() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-refused-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = try Self.topology(
            in: dir, extra: "compression: {kind: q8}\nevaluation: {every: 1, federated: true}",
            strategy: "{name: scaffold}")
        let out = dir.appendingPathComponent("app")
        let refused = try await DemoCommandTests().run(["export", "flower", topology, "-o", out.path])
        #expect(refused.status == 2)
        for field in ["strategy: scaffold is not exported", "compression: ", "evaluation.federated: "] {
            #expect(refused.stderr.contains("  " + field), "\(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let cnn = try Self.topology(in: dir.appendingPathComponent("cnn"))
        try String(contentsOfFile: cnn, encoding: .utf8).replacingOccurrences(of: "model: 2nn", with: "model: cnn")
            .write(toFile: cnn, atomically: true, encoding: .utf8)
        let model = try await DemoCommandTests().run(["export", "flower", cnn, "-o", out.path])
        #expect(model.status == 2 && model.stderr.contains("  model: cnn has layers"), "\(model.stderr)")
    }

    @Test func theAppIsValidPythonWithTheTopologysSettings() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-app-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await Self.export(in: dir, strategy: "{name: fedprox, mu: 0.1}")
        let package = app.appendingPathComponent("fedactors_flower_check")
        let sources = ["__init__.py", "task.py", "server_app.py", "client_app.py"].map {
            package.appendingPathComponent($0).path
        }
        // The system's python3 compiles every file and reads the pyproject (tomllib) without flwr.
        let check = """
            import py_compile, sys, tomllib
            for f in sys.argv[2:]: py_compile.compile(f, doraise=True)
            p = tomllib.load(open(sys.argv[1] + '/pyproject.toml', 'rb'))['tool']['flwr']['app']
            c = p['config']
            print(p['components']['serverapp'], p['components']['clientapp'], c['num-partitions'], c['min-train-nodes'],
                  c['fraction-train'], c['proximal-mu'], c['partition-alpha'], c['partition-seed'], c['learning-rate'])
            """
        let compiled = try await Self.run("/usr/bin/env", ["python3", "-c", check, app.path] + sources)
        guard compiled.status == 0 || !compiled.stderr.contains("No such file") else {
            try Test.cancel("python3 is not installed")
        }
        #expect(compiled.status == 0, "\(compiled.stderr)")
        #expect(
            compiled.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "fedactors_flower_check.server_app:app fedactors_flower_check.client_app:app 4 2 0.5 0.1 0.5 42 0.05"
        )
        let server = try String(contentsOfFile: sources[2], encoding: .utf8)
        #expect(server.contains("strategy = FedProx(fraction_train=float(config[\"fraction-train\"])"))
        #expect(FileManager.default.fileExists(atPath: app.appendingPathComponent("initial_model.npz").path))
    }

    @Test func theAppImportsWithFlowerInstalled() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-venv-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await Self.export(in: dir)
        let python = try await Self.venvWithFlower(at: dir.appendingPathComponent("venv"))
        // A model trained by FedActors, saved for PyTorch's layout.
        let saved = dir.appendingPathComponent("trained.npz"), report = dir.appendingPathComponent("r.json")
        let trained = try await DemoCommandTests().run([
            "run", dir.appendingPathComponent("flower.yaml").path, "--rounds", "1", "--save-model", saved.path,
            "--output", report.path,
        ])
        #expect(trained.status == 0, "\(trained.stderr)")
        let accuracy = try #require(
            try RunReport.load(from: Data(contentsOf: report)).rounds.last?.globalAccuracy)
        // Every module imports, the apps are Flower's, and a client trains one epoch on 64 of its
        // partition's samples from the exported initial model (flwr-datasets' split, NumPy's 2NN).
        let script = """
            import sys, tomllib, numpy as np
            sys.path.insert(0, sys.argv[1])
            from flwr.serverapp import ServerApp
            from flwr.clientapp import ClientApp
            from fedactors_flower_check import task, server_app, client_app
            assert isinstance(server_app.app, ServerApp) and isinstance(client_app.app, ClientApp)
            config = tomllib.load(open(sys.argv[1] + '/pyproject.toml', 'rb'))['tool']['flwr']['app']['config']
            arrays = task.initial_arrays(config)
            indices = task.partition_indices(config, 0, 4)
            trained, loss = task.train(arrays, indices[:64], config, np.random.default_rng(0))
            accuracy, _ = task.evaluate(trained, config['data-dir'])
            print(task.KEYS, [a.shape for a in trained] == task.shapes(), len(indices) > 64, np.isfinite(loss), 0 < \
            accuracy < 1)
            print(task.evaluate(task.load_npz(sys.argv[2]), config['data-dir'])[0])
            """
        let ran = try await Self.run(python, ["-c", script, app.path, saved.path])
        #expect(ran.status == 0, "\(ran.stderr)")
        let lines = ran.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == """
                ['dense0.weight', 'dense0.bias', 'dense1.weight', 'dense1.bias', 'dense2.weight', 'dense2.bias'] True \
                True True True
                """,
            "\(ran.stdout)")
        // The app's NumPy model, given FedActors' weights, scores what FedActors reported for them (up to
        // two of the 10,000 images whose top two logits are within float32 rounding of each other).
        let scored = try #require(lines.count == 2 ? Double(lines[1]) : nil, "\(ran.stdout)")
        #expect(abs(scored - accuracy) <= 0.0002, "the app scores \(scored); FedActors reported \(accuracy)")
    }

    /// Exports the test topology under `dir`; returns the app's folder.
    static func export(in dir: URL, strategy: String = "fedavg") async throws -> URL {
        let file = try Self.topology(in: dir, strategy: strategy)
        let app = dir.appendingPathComponent("app")
        let export = try await DemoCommandTests().run(["export", "flower", file, "-o", app.path])
        #expect(export.status == 0, "\(export.stderr)")
        return app
    }

    /// A venv at `path` with requirements.txt's flwr, flwr-datasets and NumPy; the test is cancelled,
    /// saying why, when python3's venv is missing or pip cannot reach a package index.
    static func venvWithFlower(at path: URL) async throws -> String {
        let made = try await run("/usr/bin/env", ["python3", "-m", "venv", path.path])
        guard made.status == 0 else { try Test.cancel("python3 -m venv failed: \(made.stderr.suffix(300))") }
        let python = path.appendingPathComponent("bin/python").path
        let pins = ["flwr==1.42.0", "flwr-datasets==0.6.1", "numpy==2.4.6"]
        let pip = try await run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check"] + pins)
        guard pip.status == 0 else {
            let unreachable = [
                "NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
                "No matching distribution", "Could not fetch URL", "ConnectTimeout", "ReadTimeout",
            ].contains { pip.stderr.contains($0) }
            if unreachable { try Test.cancel("pip cannot reach a package index: \(pip.stderr.suffix(300))") }
            Issue.record("pip install \(pins.joined(separator: " ")) failed: \(pip.stderr.suffix(2000))")
            throw CocoaError(.executableLoad)
        }
        return python
    }

    /// Runs `executable` with `arguments` to its end.
    static func run(_ executable: String, _ arguments: [String]) async throws -> DemoCommandTests.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = await errors.value
        return DemoCommandTests.Output(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
