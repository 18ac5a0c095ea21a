@testable import Agents
import Federation
import Foundation
import Testing

/// The bench harness: its file, setting, tie rule and a real run of a one-task bench.
@Suite(.serialized) struct BenchHarnessTests {
    static let tinyPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Benchmarks/agents/tiny.yaml").path
    static let fullPath = URL(fileURLWithPath: tinyPath).deletingLastPathComponent()
        .appendingPathComponent("agentfl-fmnist.yaml").path

    @Test func theShippedBenchFilesRead() throws {
        let tiny = try BenchmarkFile.parse(try String(contentsOfFile: Self.tinyPath, encoding: .utf8), file: "tiny")
        #expect(tiny.tasks.map(\.id) == ["T1", "T2"] && tiny.budget == "30s")
        #expect(tiny.tasks[1].metrics == ["mean_client_top1"] && tiny.tasks[1].baselines == ["FedAvg"])
        let full = try BenchmarkFile.parse(try String(contentsOfFile: Self.fullPath, encoding: .utf8), file: "full")
        #expect(full.tasks.count == 16)
        #expect(full.tasks.first { $0.id == "Q10" }?.metrics == ["global_top1", "total_bytes"])
        #expect(throws: BenchmarkFileError.self) { try BenchmarkFile.parse("tasks: []", file: "empty") }
    }

    @Test func theSettingIsLaidOverTheSpecAndWhatCannotBeIsListed() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: "Fifteen phones, CNN, Fashion-MNIST.")
        let spec = SpecComposer().compose(name: "b", analysis, choice)
        let task = BenchmarkTask(
            id: "X", request: "",
            setting: [
                "clients": 7, "partition": ["shards_per_client": 2], "participation": 0.5,
                "corrupt": ["label_flip": ["rate_range": [0.1, 0.3]], "site_transforms": "random_style"],
                "label_budget": 0.2,
            ], metrics: ["mean_client_top1"], baselines: ["FedAvg-random-20pct"])
        let (out, skipped) = BenchSetting.apply(task, to: spec)
        #expect(out.server.clients == 7 && out.server.fraction == 0.5)
        #expect(out.task.partition == "shards" && out.task.partitionSettings["shards_per_client"] == 2)
        #expect(out.task.corruptions == [.init(kind: "label_flip", range: [0.1, 0.3])])
        #expect(out.server.metric == "mean_client_top1" && out.server.federatedEvaluation && out.task.holdout > 0)
        #expect(Set(skipped) == ["corrupt.site_transforms", "label_budget"])
        let (baseline, note) = BenchSetting.baseline("FedAvg-random-20pct", of: out)
        #expect(baseline.strategy.name == "fedavg" && baseline.server == out.server)
        #expect(note?.contains("random-20pct") == true)
        _ = try baseline.topology()
    }

    @Test func aDifferenceWithinTheBandIsATie() {
        func run(_ m: Double) -> BenchRun {
            BenchRun(
                system: "s", strategy: "x", metric: m, globalTop1: m, rounds: 1, wallSeconds: 1, bytes: 1,
                evaluatedSamples: 1000, error: nil)
        }
        // p̄ = 0.8, n = 1000: band 1.96·√(2·0.16/1000) ≈ 0.035.
        #expect(abs(BenchNoise.band(0.8, 0.8, samples: 1000) - 0.0351) < 0.001)
        #expect(BenchNoise.verdict(chosen: run(0.82), baseline: run(0.80), metric: .globalTop1).0 == .tie)
        #expect(BenchNoise.verdict(chosen: run(0.86), baseline: run(0.80), metric: .globalTop1).0 == .win)
        #expect(BenchNoise.verdict(chosen: run(0.74), baseline: run(0.80), metric: .globalTop1).0 == .loss)
        var failed = run(0.8)
        failed.metric = nil
        #expect(BenchNoise.verdict(chosen: failed, baseline: run(0.8), metric: .globalTop1).0 == .unknown)
    }

    /// Forgetting is lower-is-better: less forgetting than the baseline is a win, more a loss; the
    /// accuracies keep higher-is-better.
    @Test func lessForgettingWinsAndMoreLoses() {
        func run(_ m: Double) -> BenchRun {
            BenchRun(
                system: "s", strategy: "x", metric: m, globalTop1: nil, rounds: 1, wallSeconds: 1, bytes: 1,
                evaluatedSamples: 1000, error: nil)
        }
        let less = BenchNoise.verdict(chosen: run(0.10), baseline: run(0.30), metric: .forgetting)
        #expect(less.0 == .win && less.delta.map { abs($0 + 0.2) < 1e-9 } == true)
        #expect(BenchNoise.verdict(chosen: run(0.30), baseline: run(0.10), metric: .forgetting).0 == .loss)
        #expect(BenchNoise.verdict(chosen: run(0.20), baseline: run(0.21), metric: .forgetting).0 == .tie)
        #expect(BenchNoise.verdict(chosen: run(0.30), baseline: run(0.10), metric: .meanTaskTop1).0 == .win)
        #expect(HeadlineMetric.allCases.filter { !$0.higherIsBetter } == [.forgetting])
    }

    /// The harness on the tiny bench's second task: the agents' choice and FedAvg both run, on the
    /// task's setting (4 clients, a fifth of the labels flipped, per-client metric), at equal rounds.
    @Test func aOneTaskBenchRunsTheChosenSystemAndTheBaseline() async throws {
        let bench = try BenchmarkFile.parse(try String(contentsOfFile: Self.tinyPath, encoding: .utf8), file: "tiny")
        let task = try #require(bench.tasks.first { $0.id == "T2" })
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let harness = BenchHarness(
            workflow: AgentWorkflow(team: try AgentTestKit.team(on: system)), factory: LearningTrainerFactory(),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })

        let result = await harness.run(task, budget: try RunBudget.parse("30s"))

        #expect(result.status == "ready", "\(result)")
        #expect(result.runs.map(\.system) == ["chosen", "FedAvg"])
        #expect(result.runs.allSatisfy { $0.error == nil && $0.metric != nil && $0.rounds >= 1 && $0.bytes > 0 })
        #expect(Set(result.runs.map(\.rounds)).count == 1, "equal budget: the same rounds")
        #expect(result.verdicts["FedAvg"] != nil && result.verdicts["FedAvg"] != .unknown)
        #expect(result.metric == "mean_client_top1")
        let table = BenchTable(file: "tiny", command: "test", results: [result])
        #expect(table.markdown().contains("| T2 | mean_client_top1 |"))
        let decoded = try JSONDecoder().decode(BenchTable.self, from: try table.json())
        #expect(decoded.results.count == 1)
    }
}
