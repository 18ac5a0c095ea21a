// FederationBench: whole federated runs of the `fedactors` binary, measured from outside.
//
// 1. The Flower comparison workload (Topologies/flower-comparison.yaml): wall time, peak resident
//    memory of the whole process tree, accuracy and bytes per round. No Flower figure is quoted here:
//    ratios to Flower come only from Benchmarks/flower/compare, which runs both side by side. The
//    clients hold flwr-datasets' seed-42 split (`flower_dirichlet`); the last round's accuracy moves by
//    about a point from round to round, so it is also measured over run seeds 42–46 on that split, and
//    over the splits of partition seeds 42–46 (mean, spread). `--seeds N` changes the count,
//    `--seeds 1` measures the single run only.
// 2. Scale: rounds per second and peak memory with 15, 100 and 1,000 clients (10% per round) in one
//    process, the 2NN on Fashion-MNIST.
//
// Run from the repository root: swift run -c release --package-path Benchmarks FederationBench [--skip-scale] [--seeds
// N]
import Federation
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let root = FileManager.default.currentDirectoryPath
let binary = "\(root)/.build/release/fedactors"

/// Builds the CLI the README's main command uses.
func buildCLI() throws {
    let build = Process()
    build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    build.arguments = ["swift", "build", "-c", "release", "--product", "fedactors"]
    try build.run()
    build.waitUntilExit()
    guard build.terminationStatus == 0 else { throw BenchError("building fedactors failed") }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

struct Measured {
    var seconds: Double
    var peakBytes: Int
    var report: RunReport
}

/// Runs `fedactors run <topology>` and measures it.
func measure(_ topology: String, rounds: Int? = nil) throws -> Measured {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("fedbench-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: output) }
    let run = Process()
    run.executableURL = URL(fileURLWithPath: binary)
    run.arguments = ["run", topology, "--output", output.path] + (rounds.map { ["--rounds", String($0)] } ?? [])
    run.standardOutput = FileHandle.nullDevice
    let started = Date()
    try run.run()
    let sampler = ProcessTreeSampler(root: run.processIdentifier)
    sampler.start()
    run.waitUntilExit()
    let seconds = Date().timeIntervalSince(started)
    sampler.stop()
    guard run.terminationStatus == 0 else {
        throw BenchError("fedactors run \(topology) exited with \(run.terminationStatus)")
    }
    return Measured(
        seconds: seconds, peakBytes: sampler.peakBytes, report: try RunReport.load(from: Data(contentsOf: output)))
}

func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

do {
    try buildCLI()
    print("== Flower comparison workload (Topologies/flower-comparison.yaml) ==")
    let m = try measure("\(root)/Topologies/flower-comparison.yaml")
    print("round  accuracy   down        up")
    for r in m.report.rounds {
        print(
            String(format: "%5d   %.4f   ", r.round, r.globalAccuracy ?? .nan)
                + "\(mb(r.wireBytesDown))  \(mb(r.wireBytesUp))")
    }
    let accuracy = m.report.finalAccuracy ?? 0
    print(
        String(
            format:
                "wall %.1f s, peak tree RSS %@, final accuracy %.4f (Flower side by side: Benchmarks/flower/compare)",
            m.seconds, mb(m.peakBytes), accuracy))

    let seedCount =
        arguments.firstIndex(of: "--seeds").flatMap {
            arguments.index(after: $0) < arguments.endIndex ? Int(arguments[arguments.index(after: $0)]) : nil
        } ?? 5
    if seedCount > 1 {
        let source = try String(contentsOfFile: "\(root)/Topologies/flower-comparison.yaml", encoding: .utf8)
        let partitionLine = "  partition: {kind: flower_dirichlet, alpha: 0.5}\n"
        guard source.contains("\nseed: 42\n"), source.contains(partitionLine) else {
            throw BenchError(
                """
                Topologies/flower-comparison.yaml no longer has the 'seed: 42' and flower_dirichlet partition lines \
                to vary
                """
            )
        }
        func sweep(_ title: String, _ label: String, _ variant: (Int) -> String) throws {
            print("\n== \(title) ==")
            var finals = [accuracy]
            print(String(format: "%@ 42: final accuracy %.4f (the run above)", label, accuracy))
            for seed in 43..<(42 + seedCount) {
                let topology = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "fedbench-flower-\(label)-\(seed).yaml")
                try variant(seed).write(to: topology, atomically: true, encoding: .utf8)
                let run = try measure(topology.path)
                let final = run.report.finalAccuracy ?? 0
                finals.append(final)
                print(String(format: "%@ %d: final accuracy %.4f, wall %.1f s", label, seed, final, run.seconds))
            }
            let mean = finals.reduce(0, +) / Double(finals.count)
            let spread = (finals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finals.count - 1)).squareRoot()
            print(String(format: "mean %.4f ± %.4f (sample std) over %d runs", mean, spread, finals.count))
        }
        try sweep(
            "flwr-datasets' seed-42 split, run seeds 42–\(41 + seedCount) (initial weights, batch order)", "run seed"
        ) { seed in
            source.replacingOccurrences(of: "\nseed: 42\n", with: "\nseed: \(seed)\n")
                .replacingOccurrences(
                    of: partitionLine, with: "  partition: {kind: flower_dirichlet, alpha: 0.5, seed: 42}\n")
        }
        try sweep("flwr-datasets' splits of partition seeds 42–\(41 + seedCount), run seed 42", "partition seed") {
            seed in
            source.replacingOccurrences(
                of: partitionLine, with: "  partition: {kind: flower_dirichlet, alpha: 0.5, seed: \(seed)}\n")
        }
    }

    if !arguments.contains("--skip-scale") {
        print("\n== Scale: 2NN, 10% of clients per round, one process ==")
        print("clients  rounds   wall s   rounds/s   peak RSS")
        for clients in [15, 100, 1000] {
            let topology = FileManager.default.temporaryDirectory.appendingPathComponent(
                "fedbench-scale-\(clients).yaml")
            try """
            name: scale-\(clients)
            seed: 42
            clients: [{group: devices, count: \(clients)}]
            data: {dataset: fashion-mnist, partition: {kind: dirichlet, alpha: 0.5}}
            model: 2nn
            strategy: fedavg
            training: {rounds: 5, local_epochs: 1, batch_size: 32, learning_rate: 0.05}
            participation: {fraction: 0.1, min_fit: 1, min_available: 1}
            evaluation: {every: 5}
            """.write(to: topology, atomically: true, encoding: .utf8)
            let s = try measure(topology.path)
            print(
                String(
                    format: "%7d  %6d  %7.1f   %8.2f   ", clients, s.report.rounds.count, s.seconds,
                    Double(s.report.rounds.count) / s.seconds) + mb(s.peakBytes))
        }
    }
} catch {
    FileHandle.standardError.write(Data("FederationBench: \(error)\n".utf8))
    exit(1)
}
