import Federation
import Foundation
import Topology

/// `fedactors bench`: for each task, the agents' workflow on the request (as `auto` runs it), then the
/// chosen system and each baseline on the task's setting (``BenchSetting``), the same seed and the same
/// sized budget, and the verdicts (``BenchNoise``).
///
/// Equal budget: every system of a task runs the same rounds, local epochs, participation, samples per
/// client and test set; these are sized once, from the agents' trial, so that one system's run fits in
/// the task's budget (``RunBudget``). The budget is per system run: the agents' own time (planning and
/// the trial) is on top and is reported apart. The global test set is evaluated after the last round
/// only (the verdicts read nothing earlier), so the budget buys training.
package struct BenchHarness: Sendable {
    package let workflow: AgentWorkflow
    package let factory: any TrainerFactory
    package let makeStrategy: StrategyMaker
    package let progress: @Sendable (String) -> Void

    package init(
        workflow: AgentWorkflow, factory: any TrainerFactory, makeStrategy: @escaping StrategyMaker,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.workflow = workflow
        self.factory = factory
        self.makeStrategy = makeStrategy
        self.progress = progress
    }

    /// Caps for a run whose trial cost was not measured: no sizing from time, these limits instead.
    static let unmeasuredCaps = (samples: 500, tests: 1000, rounds: 10)

    /// Runs one task: the agents, then every system within `budget` each.
    package func run(_ task: BenchmarkTask, budget: RunBudget) async -> BenchTaskResult {
        let started = ContinuousClock.now
        var result = BenchTaskResult(
            id: task.id, area: task.area, metric: task.metrics.first ?? "global_top1", status: "", chosen: nil,
            runs: [], verdicts: [:], deltas: [:], bands: [:], agentSeconds: 0, sizing: [], notReproduced: [])
        let outcome: WorkflowOutcome
        do {
            outcome = try await workflow.run(task.request)
        } catch {
            result.status = "the agents failed: \(error)"
            return result
        }
        result.agentSeconds = (ContinuousClock.now - started).seconds
        result.status = Self.words(outcome.status)
        guard outcome.status == .ready, let agents = outcome.spec else { return result }
        var (spec, skipped) = BenchSetting.apply(task, to: agents)
        // The verdicts read the last round: the global test set is evaluated once, after it, so the
        // sized budget goes to training rather than to evaluations no verdict reads.
        spec.server.evaluateEvery = max(1, spec.server.rounds)
        result.chosen = BenchSetting.systemName(spec)
        var systems: [(name: String, spec: FederationSpec)] = []
        for name in task.baselines {
            let (baseline, note) = BenchSetting.baseline(name, of: spec, task: task)
            if let note { skipped.append(note) }
            systems.append((name, baseline))
        }
        result.notReproduced = skipped
        // Sized once, for every system: each run gets the whole budget.
        if let measured = outcome.trials.last?.measurement {
            let sizing = budget.size(spec, measured: measured, available: budget.seconds)
            result.sizing = sizing.notes
            spec.server = sizing.spec.server
        } else {
            spec.server.samplesPerClient = Self.unmeasuredCaps.samples
            spec.server.testSamples = Self.unmeasuredCaps.tests
            spec.server.rounds = min(spec.server.rounds, Self.unmeasuredCaps.rounds)
            result.sizing = ["trial cost not measured: capped at \(Self.unmeasuredCaps)"]
        }
        systems = systems.map { ($0.name, Self.withServer(spec.server, $0.spec)) }
        progress(
            """
            \(task.id): \(result.chosen ?? "?") vs \(task.baselines.joined(separator: ", ")); \
            \(result.sizing.joined(separator: "; "))
            """
        )
        let chosen = await runSystem("chosen", spec)
        result.runs.append(chosen)
        for (name, baselineSpec) in systems {
            var run = baselineSpec == spec ? chosen : await runSystem(name, baselineSpec)
            run.system = name
            result.runs.append(run)
            let (verdict, delta, band) = BenchNoise.verdict(
                chosen: chosen, baseline: run, metric: BenchSetting.headlineMetric(result.metric))
            result.verdicts[name] = verdict
            result.deltas[name] = delta
            result.bands[name] = band
        }
        return result
    }

    /// `spec` with `server`'s sized settings (rounds, participation, samples, test set, metric).
    static func withServer(_ server: FederationSpec.ServerModule, _ spec: FederationSpec) -> FederationSpec {
        var s = spec
        let overcommit = s.server.overcommit
        s.server = server
        s.server.overcommit = overcommit
        return s
    }

    /// One system's run, in this process.
    func runSystem(_ name: String, _ spec: FederationSpec) async -> BenchRun {
        let started = ContinuousClock.now
        var run = BenchRun(
            system: name, strategy: spec.strategy.name, metric: nil, globalTop1: nil, rounds: 0, wallSeconds: 0,
            bytes: 0, evaluatedSamples: Self.evaluatedSamples(spec), error: nil)
        do {
            let plan = try RunPlan(try spec.topology())
            let launcher = RunLauncher(
                plan: plan, nodeExecutable: URL(fileURLWithPath: "/proc/self/exe"), factory: factory,
                makeStrategy: makeStrategy)
            let report = try await launcher.run()
            let metric = HeadlineMetric(rawValue: spec.server.metric ?? "") ?? .globalTop1
            run.metric = report.headline(metric).value
            run.globalTop1 = report.finalAccuracy
            run.rounds = report.rounds.count
            run.bytes = report.totalWireBytesDown + report.totalWireBytesUp
        } catch {
            run.error = "\(error)"
        }
        run.wallSeconds = (ContinuousClock.now - started).seconds
        progress(
            "  \(name) (\(spec.strategy.name)): "
                + (run.metric.map { String(format: "%.4f", $0) } ?? "no metric \(run.error ?? "")")
                + String(format: " in %.1f s", run.wallSeconds))
        return run
    }

    /// The samples the headline metric is measured on: the test set, or for a per-client metric the
    /// held-out data of the last round's clients (only the round's completed clients evaluate).
    static func evaluatedSamples(_ spec: FederationSpec) -> Int {
        let data = RunBudget.DataSize(spec)
        let metric = HeadlineMetric(rawValue: spec.server.metric ?? "") ?? .globalTop1
        guard metric.needsClientEvaluation else { return min(data.testSamples, spec.server.testSamples ?? .max) }
        let perRound = RunBudget.invited(spec.server.fraction, of: spec.server.clients, overcommit: 0)
        return perRound * min(data.heldOutPerClient, spec.server.samplesPerClient ?? .max)
    }

    static func words(_ status: WorkflowStatus) -> String {
        switch status {
        case .ready: "ready"
        case .needsAnswers(let questions): "needs answers: " + questions.joined(separator: " ")
        case .aborted: "aborted"
        case .needsHuman(let why): "needs a human: \(why)"
        }
    }
}
