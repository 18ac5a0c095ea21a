import Federation
import Foundation
import Learning
import Topology

/// The evaluator: runs a short trial of a spec (5 rounds, few samples per client, all in this
/// process) and diagnoses it in two levels from the report. The diagnosis is a pure function of the
/// report, tested on its own.
///
/// The trial is sized by a compute budget, so a heavy model (a ResNet-8 over 15 clients) costs about
/// as much wall time as a light one: clients train on up to `samplesPerClient` samples, fewer when the
/// whole trial (rounds × invited clients × local epochs × samples × training FLOPs per sample) would
/// pass `trainingFLOPBudget`, never fewer than `minimumSamplesPerClient`; the global model is tested
/// on up to `testSamples`, fewer past `evaluationFLOPBudget`, never fewer than `minimumTestSamples`;
/// with federated evaluation each client tests on at most as many held-out samples as it trains on,
/// fewer when all of them together would pass `evaluationFLOPBudget`, never fewer than 32.
package struct TrialEvaluator: Sendable {
    package var rounds = 5
    package var samplesPerClient = 128
    package var minimumSamplesPerClient = 64
    /// About 10 s of training on this machine's two cores.
    package var trainingFLOPBudget = 3e11
    package var testSamples = 1000
    package var minimumTestSamples = 500
    package var evaluationFLOPBudget = 6e10
    package let factory: any TrainerFactory
    package let makeStrategy: StrategyMaker

    package init(factory: any TrainerFactory, makeStrategy: @escaping StrategyMaker) {
        self.factory = factory
        self.makeStrategy = makeStrategy
    }

    /// Runs the trial and diagnoses it; a run that cannot start or fails is an L1 finding, not an error.
    /// The spec's topology has no hosts section, so the trial's clients live in this process.
    package func evaluate(_ spec: FederationSpec) async -> (diagnosis: Diagnosis, report: RunReport?) {
        let (diagnosis, report, _) = await evaluateMeasuring(spec)
        return (diagnosis, report)
    }

    /// ``evaluate(_:)``, with what the trial's rounds cost on this machine (nil when it did not run
    /// or the model's cost is unknown): what a ``RunBudget`` sizes the full run from.
    ///
    /// With `data`, the trial trains on that topology's clients instead of the plan's partition: the
    /// spec carried into it as `auto --data` writes it for the full run (its hosts' nodes started as
    /// that run starts them, the data stages before round 1 with a ``RunDataStages``), for the
    /// trial's rounds; the report's `dataStages` says which clients trained.
    package func evaluateMeasuring(_ spec: FederationSpec, data: TrialData? = nil) async -> (
        diagnosis: Diagnosis, report: RunReport?, measurement: TrialMeasurement?
    ) {
        let setup: TrialSetup
        do {
            setup = try trialSetup(spec, data: data)
        } catch {
            return (
                Diagnosis(issues: [.init(level: .l1Runtime, finding: .invalidSpec, detail: "\(error)")], accuracy: nil),
                nil, nil
            )
        }
        do {
            return try await run(setup, data: data)
        } catch {
            return (
                Diagnosis(issues: [.init(level: .l1Runtime, finding: .runFailed, detail: "\(error)")], accuracy: nil),
                nil, nil
            )
        }
    }

    /// The trial's rounds of `setup`, diagnosed and measured.
    private func run(_ setup: TrialSetup, data: TrialData?) async throws -> (
        diagnosis: Diagnosis, report: RunReport?, measurement: TrialMeasurement?
    ) {
        let trial = setup.topology
        var plan = try RunPlan(trial)
        plan.source = setup.source
        plan.acceptsLabelProposals = data?.acceptsLabelProposals ?? false
        plan.harmonizerAsksLLM = data?.harmonizerAsksLLM ?? false
        // The model's cost, from a trainer built on one test sample (nil: unknown, no budget).
        var probe = plan.evaluatorSetup
        probe.evaluationLimit = 1
        let cost = (try? factory.makeEvaluator(probe))?.evaluator.sampleFLOPs
        let invited = trial.participation.invitations(
            target: trial.participation.target(population: trial.clientCount), available: trial.clientCount)
        var limit = limits(cost: cost, invitedPerRound: invited, rounds: trial.rounds, epochs: trial.training.epochs)
        // Prepared clients train on all their data (the messy clients hold few samples).
        if let messy = trial.messy { limit.samples = messy.samplesPerClient }
        let heldOut = heldOutLimit(cost: cost, clients: trial.clientCount, rounds: trial.rounds, samples: limit.samples)
        let launcher = RunLauncher(
            plan: plan, nodeExecutable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(),
            // A continual round trains on one task's share of a client's samples: the limit is per task.
            factory: LimitedFactory(
                base: factory, samples: limit.samples * (trial.continual?.tasks ?? 1), tests: limit.tests,
                heldOut: heldOut),
            makeStrategy: makeStrategy, dataPreparer: data.map(Self.dataStages))
        let report = try await launcher.run()
        // Asked of the strategy the run builds, so no list of personalized names is kept here.
        let made = (try? makeStrategy(trial.strategy)) as? any RegisteredStrategy
        let spec = setup.sized
        let personalized = spec.server.federatedEvaluation && made?.descriptor.needs.contains(.personalization) == true
        // Only the clients the data stages kept are invited.
        let trained = min(invited, report.dataStages?.training.count ?? invited)
        let measurement = cost.flatMap {
            TrialMeasurement(
                report, cost: $0, spec: spec, invited: trained, samples: limit.samples, tests: limit.tests,
                heldOut: heldOut)
        }
        let classes = trial.messy?.taskClasses.count ?? 10
        return (
            Self.diagnose(report, classes: classes, rounds: trial.rounds, personalized: personalized), report,
            measurement
        )
    }

    /// The trial's per-client sample limit and test-set size under the budgets, for a model costing
    /// `cost` per sample (nil: the full `samplesPerClient` and `testSamples`).
    package func limits(cost: SampleFLOPs?, invitedPerRound: Int, rounds: Int, epochs: Int) -> (
        samples: Int, tests: Int
    ) {
        guard let cost, cost.training > 0, cost.forward > 0 else { return (samplesPerClient, testSamples) }
        let trainingPerSample = cost.training * Double(max(1, invitedPerRound) * max(1, rounds) * max(1, epochs))
        let samples = Int(trainingFLOPBudget / trainingPerSample)
        let tests = Int(evaluationFLOPBudget / (cost.forward * Double(max(1, rounds))))
        return (
            min(samplesPerClient, max(minimumSamplesPerClient, samples)),
            min(testSamples, max(minimumTestSamples, tests))
        )
    }

    /// Held-out samples per client for federated evaluation: every client evaluates every round, so
    /// the clients together share `evaluationFLOPBudget` (at least 32 each, at most `samples`).
    package func heldOutLimit(cost: SampleFLOPs?, clients: Int, rounds: Int, samples: Int) -> Int {
        guard let cost, cost.forward > 0 else { return samples }
        let fit = Int(evaluationFLOPBudget / (cost.forward * Double(max(1, rounds) * max(1, clients))))
        return min(samples, max(32, fit))
    }

    /// L1: no round aggregated anything. L2: non-finite metrics, diverging loss, accuracy at chance,
    /// metrics frozen across rounds, or stragglers starving most rounds.
    ///
    /// `personalized`: the strategy keeps some layers on the clients (FedPer, FedBN), so the global
    /// model alone is not what is deployed (FedBN's, for one, carries BatchNorm statistics no client
    /// trained). Accuracy is then the mean of the clients' own evaluations in each round that has them.
    package static func diagnose(_ report: RunReport, classes: Int, rounds: Int, personalized: Bool = false)
        -> Diagnosis
    {
        var issues: [Diagnosis.Issue] = []
        let clientMeans = report.rounds.compactMap { r -> Double? in
            r.clientAccuracy.isEmpty ? nil : r.clientAccuracy.values.reduce(0, +) / Double(r.clientAccuracy.count)
        }
        let judgedByClients = personalized && !clientMeans.isEmpty
        let accuracy = judgedByClients ? clientMeans.last : report.finalAccuracy
        if report.rounds.count < rounds {
            issues.append(
                .init(
                    level: .l1Runtime, finding: .runFailed,
                    detail: "only \(report.rounds.count) of \(rounds) rounds ran"))
        }
        if report.rounds.allSatisfy({ $0.completed.isEmpty }) {
            issues.append(
                .init(
                    level: .l1Runtime, finding: .zeroParticipation,
                    detail: "no round had a completed client: nothing was ever aggregated"))
            return Diagnosis(issues: issues, accuracy: accuracy)
        }
        let losses = report.rounds.compactMap(\.trainLoss)
        let accuracies = judgedByClients ? clientMeans : report.rounds.compactMap(\.globalAccuracy)
        if (losses + accuracies + report.rounds.compactMap(\.globalLoss)).contains(where: { !$0.isFinite }) {
            issues.append(
                .init(level: .l2Semantics, finding: .nonFinite, detail: "loss or accuracy became NaN or infinite"))
        } else if let rise = lossRise(in: report) {
            issues.append(
                .init(
                    level: .l2Semantics, finding: .diverged,
                    detail: String(format: "training loss rose from %.3f to %.3f", rise.first, rise.last)))
        }
        if let task = taskChance(in: report, classes: classes) {
            issues.append(.init(level: .l2Semantics, finding: .chanceAccuracy, detail: task))
        } else if report.rounds.allSatisfy({ $0.taskAccuracy == nil }), let a = accuracy, a.isFinite,
            a < 1.0 / Double(classes) + 0.05
        {
            issues.append(
                .init(
                    level: .l2Semantics, finding: .chanceAccuracy,
                    detail: String(format: "accuracy %.3f is at chance for %d classes", a, classes)))
        }
        if accuracies.count >= 3, Set(accuracies).count == 1 {
            issues.append(
                .init(
                    level: .l2Semantics, finding: .frozenMetrics,
                    detail: "accuracy did not change over \(accuracies.count) rounds"))
        }
        let starved = report.rounds.filter { !$0.straggled.isEmpty && $0.straggled.count * 2 > $0.invited.count }.count
        if starved * 2 > report.rounds.count {
            issues.append(
                .init(
                    level: .l2Semantics, finding: .stragglersStarveRounds,
                    detail:
                        """
                        in \(starved) of \(report.rounds.count) rounds most invited clients straggled past the \
                        deadline
                        """
                ))
        }
        return Diagnosis(issues: issues, accuracy: accuracy)
    }

    /// The training loss's rise by more than half over at least three rounds, or nil. In a continual
    /// run each task is judged on its own rounds (the rounds up to each that measured the tasks): a
    /// new task's classes are unknown to the model, so its first loss is high by design.
    static func lossRise(in report: RunReport) -> (first: Double, last: Double)? {
        var segments: [[Double]] = [[]]
        for round in report.rounds {
            if let loss = round.trainLoss { segments[segments.count - 1].append(loss) }
            if round.taskAccuracy != nil { segments.append([]) }
        }
        for losses in segments {
            if let first = losses.first, let last = losses.last, losses.count >= 3, last > first * 1.5 {
                return (first, last)
            }
        }
        return nil
    }

    /// In a continual run: why the model did not learn its tasks, judged by each task's accuracy right
    /// after its own rounds (the model still picks among all the classes: chance is one over them),
    /// as forgetting the earlier tasks is what the run measures, not a fault; nil otherwise.
    static func taskChance(in report: RunReport, classes: Int) -> String? {
        let matrix = report.rounds.compactMap(\.taskAccuracy)
        let own = matrix.compactMap(\.last)
        guard let tasks = matrix.last?.count, tasks >= 1, !own.isEmpty else { return nil }
        let mean = own.reduce(0, +) / Double(own.count)
        let chance = 1 / Double(max(1, classes))
        guard mean.isFinite, mean < chance + 0.05 else { return nil }
        return String(
            format:
                "each of the %d tasks' accuracy right after its rounds is %.3f on average, at chance for %d classes",
            tasks, mean, classes)
    }
}

/// A factory whose clients train on at most `samples` samples and whose evaluator tests on at most
/// `tests`: trials check behaviour, not final accuracy.
struct LimitedFactory: TrainerFactory {
    let base: any TrainerFactory
    let samples: Int
    let tests: Int
    let heldOut: Int

    func makeTrainer(_ setup: ClientSetup, clientID: Int) throws -> any LocalTrainer {
        var s = setup
        s.sampleLimit = samples
        s.heldOutLimit = heldOut
        return try base.makeTrainer(s, clientID: clientID)
    }

    func makeEvaluator(_ setup: ClientSetup) throws -> (evaluator: any LocalTrainer, initialParameters: [Float]) {
        var s = setup
        s.evaluationLimit = tests
        return try base.makeEvaluator(s)
    }
}

extension LimitedFactory: PreparedDataTrainerFactory {
    /// A client of an in-process node over its prepared data, built by the base factory (which must
    /// be able to): the client trains on all of it, as on a node of its own.
    func makeTrainer(_ setup: ClientSetup, clientID: Int, prepared: Dataset) throws -> any LocalTrainer {
        guard let base = base as? any PreparedDataTrainerFactory else {
            throw FederationError(
                .invalidSetting, "the trial's trainer factory cannot train on prepared data: use LearningTrainerFactory"
            )
        }
        return try base.makeTrainer(setup, clientID: clientID, prepared: prepared)
    }
}
