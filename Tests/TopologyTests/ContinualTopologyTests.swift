import Federation
import Foundation
import Testing

@testable import Topology

/// The topology's `continual:` section: read, checked against the rounds and the dataset, given to
/// every client and the server; and whole runs on real Fashion-MNIST, with and without replay and
/// EWC, that report the accuracy on every task after each task, the average and the forgetting.
@Suite(.serialized) struct ContinualTopologyTests {
    static func text(_ continual: String, rounds: Int = 10, clients: Int = 3, model: String = "logreg") -> String {
        """
        name: continual
        seed: 7
        clients: [{group: a, count: \(clients)}]
        data: {dataset: fashion-mnist, partition: iid}
        model: \(model)
        strategy: fedavg
        training: {rounds: \(rounds), batch_size: 32, learning_rate: 0.05}
        \(continual)
        """
    }

    @Test func theSectionIsReadAndGivenToTheClientsTheServerAndTheFingerprint() throws {
        let spec = try TopologyReader.parse(
            Self.text(
                "continual: {tasks: 5, rounds_per_task: 2, replay: {memory: 300, share: 0.4}, ewc: {lambda: 20, fisher_samples: 50}}"
            ))
        let expected = try ContinualLearning(
            tasks: 5, roundsPerTask: 2, replay: try ExperienceReplay(memory: 300, share: 0.4),
            ewc: try ElasticWeightConsolidation(lambda: 20, fisherSamples: 50))
        #expect(spec.continual == expected)
        let plan = try RunPlan(spec)
        #expect(plan.setup(for: "local").methods?.continual == expected)
        #expect(try plan.serverConfig.continual == expected)
        #expect(try plan.taskEvaluatorSetups.map(\.evaluationClasses) == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]])
        #expect(spec.runFingerprint != (try TopologyReader.parse(Self.text(""))).runFingerprint)
        // rounds_per_task defaults to the rounds over the tasks.
        #expect(try TopologyReader.parse(Self.text("continual: {tasks: 2}")).continual?.roundsPerTask == 5)
        #expect(try RunPlan(try TopologyReader.parse(Self.text(""))).taskEvaluatorSetups.isEmpty)
    }

    @Test func roundsThatDoNotMatchTheTasksAndTooManyTasksAreRefused() {
        let mismatch = CrossFieldValidationTests.issues(Self.text("continual: {tasks: 5, rounds_per_task: 3}"))
        #expect(mismatch.count == 1 && mismatch[0].contains("set training.rounds to 15"), "\(mismatch)")
        let many = CrossFieldValidationTests.issues(Self.text("continual: {tasks: 11, rounds_per_task: 1}", rounds: 11))
        #expect(many.contains { $0.contains("10 classes, too few for 11 tasks") }, "\(many)")
        #expect(CrossFieldValidationTests.issues(Self.text("continual: {rounds_per_task: 2}")).count == 1)
        #expect(CrossFieldValidationTests.issues(Self.text("continual: {tasks: 5, replay: {share: 0.5}}")).count == 1)
        #expect(CrossFieldValidationTests.issues(Self.text("continual: {tasks: 5, ewc: {lambda: -1}}")).count == 1)
        #expect(
            CrossFieldValidationTests.issues(Self.text("continual: {tasks: 5, replay: {memory: 9, sare: 1}}")).count
                == 1)
    }

    @Test func theShippedTopologyReads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let spec = try TopologyReader.load(path: root.appendingPathComponent("Topologies/continual-fmnist.yaml").path)
        #expect(spec.continual?.tasks == 5 && spec.continual?.rounds == spec.rounds)
    }

    /// Builds clients from at most `samples` of their samples (before the task split), so a run is seconds.
    struct Limited: TrainerFactory {
        let samples: Int
        func makeTrainer(_ setup: ClientSetup, clientID: Int) throws -> any LocalTrainer {
            var s = setup
            s.sampleLimit = samples
            return try LearningTrainerFactory().makeTrainer(s, clientID: clientID)
        }
        func makeEvaluator(_ setup: ClientSetup) throws -> (evaluator: any LocalTrainer, initialParameters: [Float]) {
            try LearningTrainerFactory().makeEvaluator(setup)
        }
    }

    static func run(_ continual: String) async throws -> RunReport {
        let spec = try TopologyReader.parse(Self.text(continual, model: "2nn"), file: "continual.yaml")
        let launcher = RunLauncher(
            plan: try RunPlan(spec), nodeExecutable: URL(fileURLWithPath: "/proc/self/exe"),
            factory: Limited(samples: 2_000),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })
        return try await launcher.run()
    }

    /// Three clients, 5 tasks × 2 rounds, a 2NN, the same seed: plain FedAvg, with replay, with EWC.
    /// Each run measures every task so far after each task; plain FedAvg ends knowing little but the
    /// last task; replay keeps earlier tasks (less forgetting, a higher average).
    @Test func runsReportTaskAccuracyForgettingAndReplayForgetsLess() async throws {
        let plain = try await Self.run("continual: {tasks: 5, rounds_per_task: 2}")
        let replay = try await Self.run("continual: {tasks: 5, rounds_per_task: 2, replay: {memory: 200, share: 0.5}}")
        let ewc = try await Self.run("continual: {tasks: 5, rounds_per_task: 2, ewc: {lambda: 1000}}")
        var figures: [String] = []
        for (name, report) in [("plain", plain), ("replay", replay), ("ewc", ewc)] {
            #expect(report.rounds.count == 10)
            let rows = report.rounds.compactMap(\.taskAccuracy)
            #expect(rows.map(\.count) == [1, 2, 3, 4, 5], "\(name)")
            #expect(report.rounds.filter { $0.taskAccuracy != nil }.map(\.round) == [2, 4, 6, 8, 10])
            #expect(report.summary["average task accuracy"]?.hasSuffix("over 5 tasks") == true, "\(report.summary)")
            #expect(report.summary["forgetting"] != nil)
            let m = ContinualMetrics(rounds: report.rounds)
            figures.append(
                "\(name): average \(m.averageAccuracy ?? -1), forgetting \(m.forgetting ?? -1), final global \(report.finalAccuracy ?? -1)"
            )
        }
        print("continual figures: " + figures.joined(separator: "; "))
        let p = ContinualMetrics(rounds: plain.rounds), r = ContinualMetrics(rounds: replay.rounds)
        // Plain FedAvg learns each new task (the latest one is known) and forgets the others.
        #expect((p.matrix.last?.last ?? 0) > 0.8)
        #expect((p.forgetting ?? 0) > 0.5, "\(figures)")
        #expect((r.forgetting ?? 1) < (p.forgetting ?? 0) - 0.2, "\(figures)")
        #expect((r.averageAccuracy ?? 0) > (p.averageAccuracy ?? 1) + 0.2, "\(figures)")
    }
}
