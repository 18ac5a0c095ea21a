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
        #expect(
            out.task.corruptions == [
                .init(kind: "label_flip", range: [0.1, 0.3]), .init(kind: "contrast", range: [0.4, 1.6]),
                .init(kind: "blur", range: [0, 1.5]),
            ])
        #expect(out.server.metric == "mean_client_top1" && out.server.federatedEvaluation && out.task.holdout > 0)
        // The label budget: a random 20% of each client's pool, for every system.
        #expect(out.server.samplesPerClient == Int(Double(RunBudget.DataSize(out).samplesPerClient) * 0.2))
        #expect(skipped.count == 1 && skipped[0].hasPrefix("label_budget: no active selection"), "\(skipped)")
        // A per-client metric is measured on the held-out data of one round's clients (4 of 7 at 50%),
        // each capped at the samples a client trains on (here the label budget).
        let heldOut = min(RunBudget.DataSize(out).heldOutPerClient, out.server.samplesPerClient ?? .max)
        #expect(BenchHarness.evaluatedSamples(out) == 4 * heldOut)
        let (baseline, note) = BenchSetting.baseline("FedAvg-random-20pct", of: out, task: task)
        #expect(baseline.strategy.name == "fedavg" && baseline.server == out.server)
        #expect(note == nil, "the label budget reproduces the random 20%")
        #expect(BenchSetting.baseline("FedAvg-random-20pct", of: out).note?.contains("random-20pct") == true)
        _ = try baseline.topology()
    }

    /// The settings the first bench runs left out: widths (HeteroFL's cycle, the smallest width for
    /// any other system and the "-smallest-width" baselines), sites' transforms, links, and
    /// class-incremental tasks with their rounds per task; each composed topology reads back.
    @Test func widthsSitesLinksAndTaskWavesReachTheTopology() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(
            for: "15 phones each train a different-sized ResNet-8 (full, 1/2, 1/4 width) on Fashion-MNIST.")
        let hetero = SpecComposer().compose(name: "h", analysis, choice)
        #expect(hetero.strategy.name == "heterofl")
        let widths = BenchmarkTask(
            id: "W", request: "",
            setting: ["clients": 15, "model": "resnet8", "widths": ["1.0": 5, "0.5": 5, "0.25": 5]],
            metrics: ["global_top1_full_width"], baselines: ["FedAvg-smallest-width"])
        let (chosen, skipped) = BenchSetting.apply(widths, to: hetero)
        #expect(skipped.isEmpty && chosen.task.width == 1 && chosen.strategy.options["levels"] == 3, "\(skipped)")
        let (small, note) = BenchSetting.baseline("FedAvg-smallest-width", of: chosen, task: widths)
        #expect(note == nil && small.strategy.name == "fedavg" && small.task.width == 0.25)
        #expect(
            try small.topologyYAML().contains("model: {name: resnet8, width: 0.25}") && small.topology().name == "h")
        var uneven = widths
        uneven.setting["widths"] = ["1.0": 10, "0.25": 5]
        #expect(
            BenchSetting.apply(uneven, to: hetero).notReproduced.first?.hasPrefix("widths (heterofl cycles") == true)
        let plain = SpecComposer().compose(name: "p", RequestAnalyzer().analyze("15 phones, CNN"), choice)
        var fedavg = plain
        fedavg.strategy.name = "fedavg"
        fedavg.strategy.options = [:]
        #expect(BenchSetting.apply(widths, to: fedavg).spec.task.width == 0.25, "a single width fits the weakest")

        let sites = BenchmarkTask(
            id: "S", request: "",
            setting: [
                "clients": 5, "corrupt": ["site_transforms": ["none", "contrast", "blur", "contrast_blur", "none"]],
                "link": ["down_mbps": 5, "up_mbps": 1],
                "partition": ["dirichlet": 0.5, "sequential_tasks": 5], "rounds_per_task": 6,
            ], metrics: ["mean_task_top1"], baselines: ["FedAvg"])
        let (out, notes) = BenchSetting.apply(sites, to: fedavg)
        #expect(notes.isEmpty, "\(notes)")
        #expect(
            out.task.corruptions == [
                .init(kind: "contrast", range: [0.5, 0.5], fractionOfClients: 0.4),
                .init(kind: "blur", range: [1, 1], fractionOfClients: 0.4),
            ])
        #expect(out.task.tasks == 5 && out.server.rounds == 30)
        let yaml = out.topologyYAML()
        #expect(
            yaml.contains("link: {down_mbps: 5, up_mbps: 1}")
                && yaml.contains("continual: {tasks: 5, rounds_per_task: 6"))
        let topology = try out.topology()
        #expect(topology.continual?.tasks == 5)
    }

    /// A baseline is the plain method: the chosen system's client add-ons do not travel with it, so
    /// FedAvg + small-loss filter is compared with FedAvg, not with itself.
    @Test func baselinesDropTheChosenSystemsAddOns() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(
            for: "15 phones whose Fashion-MNIST labels are noisy (flipped classes); CNN; top-1 accuracy.")
        let chosen = SpecComposer().compose(name: "n", analysis, choice)
        #expect(chosen.client.sampleFilter != nil && BenchSetting.systemName(chosen).hasSuffix("+small-loss-filter"))
        let (fedavg, _) = BenchSetting.baseline("FedAvg", of: chosen)
        #expect(fedavg.client.sampleFilter == nil && fedavg != chosen && BenchSetting.systemName(fedavg) == "fedavg")
        #expect(fedavg.task == chosen.task && fedavg.server == chosen.server, "same data and budget")
        #expect(!fedavg.topologyYAML().contains("sample_filter"))
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
