import Federation
import Foundation
import Testing
import Topology

@testable import Agents

/// What is planned is what runs: each method a plan promises is a step the composed topology
/// implements, the whole workflow runs it, and what cannot run is said in the plan before the trial.
@Suite(.serialized) struct PlannedMethodTests {
    static let capabilities = LLMTestKit.capabilities

    static func planner() throws -> ExpertPlanner {
        ExpertPlanner(chooser: try #require(AgentTestKit.chooser), capabilities: capabilities)
    }

    /// The whole workflow on `request` over a fresh team: it must reach "ready", its spec must
    /// implement every plan step, and the client trainer built from its topology is returned.
    static func run(_ request: String) async throws -> (plan: Plan, spec: FederationSpec, client: ModelTrainer) {
        let (plan, spec, client, _) = try await runWithTrial(request)
        return (plan, spec, client)
    }

    // MARK: the silent-drop cases of issue 27

    @Test func labelNoiseRunsTheSmallLossFilterOnEveryClient() async throws {
        let (plan, spec, client) = try await Self.run(
            """
            Twelve phones each keep a slice of Fashion-MNIST, and many of its labels are noisy (flipped classes). \
            Train a 2NN and report top-1 test accuracy.
            """
        )
        #expect(plan.steps.contains { $0.kind == .clientHook && $0.name == "small_loss_filter" }, "\(plan.text)")
        #expect(plan.steps.contains { $0.kind == .corruption && $0.name == "label_flip" })
        #expect(spec.topologyYAML().contains("sample_filter: {kind: small_loss"))
        #expect((client.methods.smallLoss?.dropFraction ?? 0) > 0)
    }

    @Test func personalizationFineTunesEachClientBeforeItsOwnEvaluation() async throws {
        let (plan, spec, client) = try await Self.run(
            """
            A personalized app on 10 phones, each user with their own label preferences; local adaptation of a 2NN on \
            Fashion-MNIST, evaluated by average client test accuracy.
            """
        )
        #expect(plan.steps.contains { $0.kind == .clientHook && $0.name == "fine_tune" }, "\(plan.text)")
        #expect(plan.steps.contains { $0.kind == .metric && $0.name == "mean_client_top1" })
        #expect(spec.server.federatedEvaluation && spec.client.fineTuneSteps != nil)
        #expect((client.methods.fineTune?.steps ?? 0) >= 1)
    }

    @Test func heteroFLRunsOnTheResNet8ItWasPlannedFor() async throws {
        let (plan, spec, client) = try await Self.run(
            """
            15 phones with very different compute. Each trains a different-sized ResNet-8 (full, 1/2, 1/4 width) on \
            Fashion-MNIST; global top-1 accuracy.
            """
        )
        #expect(plan.steps.contains(where: { $0.kind == .strategy && $0.name == "heterofl" }), "\(plan.text)")
        #expect(plan.replacements.isEmpty, "\(plan.replacements)")
        #expect(spec.strategy.name == "heterofl" && spec.task.model == "resnet8")
        // Client 0 trains the ×1 model; the strategy cycles ×1, ×½, ×¼ over the clients.
        #expect(client.modelDescription?.name == "resnet8")
    }

    @Test func heteroFLOnAModelWithoutWidthVariantsIsReplacedInThePlanNotSilently() throws {
        let plan = try Self.planner().plan(
            """
            20 wearables record accelerometer data for human activity recognition and train a GRU; each device trains \
            a different-sized model (full, 1/2, 1/4 width).
            """
        )
        #expect(plan.steps.contains { $0.kind == .strategy && $0.name == "fedavg" }, "\(plan.text)")
        #expect(!plan.steps.contains { $0.name == "heterofl" })
        #expect(plan.setup["strategy"] == "fedavg")
        #expect(plan.replacements.contains { $0.contains("heterofl") && $0.contains("fedavg runs instead") })
        #expect(plan.text.contains("NOT BUILT: strategy heterofl"))
        #expect(!plan.summary.contains("HeteroFL"), "\(plan.summary)")
    }

    /// A request whose classes arrive over time composes class-incremental tasks with experience
    /// replay (the continual card its words fit best), measured by average task accuracy and
    /// forgetting; the workflow's trial runs the tasks and measures every one of them.
    @Test func continualLearningRunsTasksInWavesWithReplayAndMeasuresForgetting() async throws {
        let request =
            """
            15 phones learn new Fashion-MNIST categories over time: 5 sequential tasks of 2 classes each, with \
            catastrophic forgetting. Preserve previous tasks; a 2NN; evaluate by average accuracy and forgetting \
            across tasks.
            """
        let (plan, spec, client, trial) = try await Self.runWithTrial(request)
        #expect(plan.challenges.contains(.continualLearning))
        #expect(plan.replacements.isEmpty && !plan.text.contains("NOT BUILT"), "\(plan.text)")
        #expect(plan.steps.contains { $0.kind == .tasks && $0.value == "5" }, "\(plan.text)")
        #expect(plan.steps.contains { $0.kind == .clientHook && $0.name == "replay" }, "\(plan.text)")
        #expect(plan.steps.contains { $0.kind == .metric && $0.name == "forgetting" })
        #expect(plan.steps.contains { $0.kind == .metric && $0.name == "mean_task_top1" })
        #expect(spec.topologyYAML().contains("continual: {tasks: 5, rounds_per_task: "))
        #expect(client.continual?.taskIndices.count == 5 && client.continual?.settings.replay != nil)
        // The trial gives every task a round and measures every task seen after each.
        #expect(trial?.taskAccuracy?.map(\.count) == [1, 2, 3, 4, 5], "\(String(describing: trial))")
    }

    /// Asked for elastic weight consolidation by name, the plan builds EWC instead of replay.
    @Test func continualLearningWithEWCNamedBuildsEWC() async throws {
        let request =
            """
            Ten phones get new clothing classes in waves and must not forget the old ones; use elastic weight \
            consolidation (Fisher information) with a 2NN on Fashion-MNIST.
            """
        let (plan, spec, client, trial) = try await Self.runWithTrial(request)
        #expect(plan.steps.contains { $0.kind == .clientHook && $0.name == "ewc" }, "\(plan.text)")
        #expect(spec.client.ewc != nil && spec.client.replay == nil)
        #expect((client.continual?.settings.ewc?.lambda ?? 0) > 0)
        #expect(trial?.taskAccuracy?.count == 5)
    }

    /// A continual trial is judged task by task: a loss that jumps when a new task's classes arrive is
    /// not divergence, and forgetting earlier tasks is not chance accuracy; a model that does not
    /// learn even the task it trains on is.
    @Test func aContinualTrialIsDiagnosedTaskByTask() {
        func report(losses: [Double], own: [Double]) -> RunReport {
            var report = RunReport()
            for (i, loss) in losses.enumerated() {
                var r = RoundRecord(round: i + 1)
                r.completed = [0]
                r.trainLoss = loss
                r.globalAccuracy = 0.2 + 0.01 * Double(i)
                if i % 2 == 1 {
                    let t = i / 2
                    r.taskAccuracy = Array(repeating: 0, count: t) + [own[t]]
                }
                report.rounds.append(r)
            }
            return report
        }
        let learns = TrialEvaluator.diagnose(
            report(losses: [2.3, 0.4, 6.0, 0.5, 7.0, 0.6], own: [0.95, 0.9, 0.92]), classes: 6, rounds: 6)
        #expect(learns.passed, "\(learns.issues)")
        let stuck = TrialEvaluator.diagnose(
            report(losses: [2.3, 2.2, 2.4, 2.3, 2.2, 2.3], own: [0.15, 0.18, 0.16]), classes: 6, rounds: 6)
        #expect(stuck.issues.map(\.finding) == [.chanceAccuracy], "\(stuck.issues)")
    }

    /// ``run(_:)``, with the workflow's last trial.
    static func runWithTrial(_ request: String) async throws -> (
        plan: Plan, spec: FederationSpec, client: ModelTrainer, trial: TrialResult?
    ) {
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let outcome = try await AgentWorkflow(team: try AgentTestKit.team(on: system)).run(request)
        let plan = try #require(outcome.plan)
        let spec = try #require(outcome.spec)
        #expect(outcome.status == .ready, "\(outcome.status)\n\(plan.text)\n\(spec.topologyYAML())")
        #expect(PlanConformance.differences(plan.steps, in: spec) == [])
        let runPlan = try RunPlan(try spec.topology())
        var setup = runPlan.setup(for: runPlan.spec.hosts.first?.name ?? "local")
        setup.sampleLimit = 8
        let client = try #require(try LearningTrainerFactory().makeTrainer(setup, clientID: 0) as? ModelTrainer)
        return (plan, spec, client, outcome.trials.last)
    }

    // MARK: the check itself

    @Test func theModuleTestFailsWhenTheComposedTopologyDiffersFromThePlan() throws {
        let request =
            """
            Twelve phones each keep a slice of Fashion-MNIST, and many of its labels are noisy (flipped classes). \
            Train a 2NN and report top-1 test accuracy.
            """
        let plan = try Self.planner().plan(request)
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: request)
        let spec = SpecComposer().compose(name: "check", analysis, choice)
        let tester = ModuleTester(factory: LearningTrainerFactory())
        #expect(tester.check(.client, of: spec, against: plan) == [])
        #expect(tester.check(.strategy, of: spec, against: plan) == [])

        var dropped = spec
        dropped.client.sampleFilter = nil
        let failures = tester.check(.client, of: dropped, against: plan)
        #expect(failures.count == 1 && failures[0].contains("small_loss_filter"), "\(failures)")
        // The plan is FedAvg with the filter (label noise is no attack); a topology that swapped in a
        // robust aggregation instead fails the strategy module's test.
        #expect(plan.setup["strategy"] == "fedavg", "\(plan.text)")
        var substituted = spec
        substituted.strategy.name = "fedmedian"
        substituted.strategy.options = [:]
        #expect(
            tester.check(.strategy, of: substituted, against: plan).contains {
                $0.hasPrefix("plan-vs-topology") && $0.contains("strategy fedavg")
            }, "\(tester.check(.strategy, of: substituted, against: plan))")
        var clean = spec
        clean.task.corruptions = []
        #expect(tester.check(.task, of: clean, against: plan).contains { $0.contains("corruption label_flip") })
    }

    /// The check covers continual learning: a spec without the tasks fails the task module's test,
    /// one without the planned replay the client module's.
    @Test func theModuleTestFailsWhenTheContinualTasksOrReplayAreDropped() throws {
        let request =
            "Twelve stores get new product classes over time and must not forget old ones; 2NN on Fashion-MNIST."
        let plan = try Self.planner().plan(request)
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: request)
        let spec = SpecComposer().compose(name: "continual", analysis, choice)
        let tester = ModuleTester(factory: LearningTrainerFactory())
        #expect(tester.check(.task, of: spec, against: plan) == [], "\(plan.text)")
        #expect(tester.check(.client, of: spec, against: plan) == [])
        var static_ = spec
        static_.task.tasks = nil
        // Without tasks the spec's headline (mean_task_top1) is refused too: the topology does not read.
        let staticFailures = tester.check(.task, of: static_, against: plan)
        #expect(
            staticFailures.contains { $0.hasPrefix("plan-vs-topology") && $0.contains("continual") },
            "\(staticFailures)")
        var forgetful = spec
        forgetful.client.replay = nil
        #expect(tester.check(.client, of: forgetful, against: plan).contains { $0.contains("clientHook replay") })
    }

    /// No card without code behind it: every add-on card of the catalog is a plan step the composer
    /// builds, and every strategy card composes into a topology that runs it (HeteroFL on a model
    /// with width variants).
    @Test func everyCatalogCardIsBuiltByTheComposer() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let request = "Ten phones with a CNN on Fashion-MNIST; global top-1 accuracy."
        let (analysis, base) = chooser.choose(for: request)
        let composer = SpecComposer()
        for card in chooser.retriever.catalog.cards {
            var choice = base
            if card.kind == .strategy { choice.primary = card } else { choice.addOns = [card] }
            let steps = composer.steps(analysis, choice)
            #expect(steps.notBuilt.isEmpty, "\(card.id): \(steps.notBuilt)")
            let spec = composer.compose(name: card.id, analysis, choice)
            #expect(PlanConformance.differences(steps.steps, in: spec) == [], "\(card.id)")
            #expect(steps.steps.count >= 3, "\(card.id): \(steps.steps)")
        }
    }
}
