@testable import Agents
import Testing

/// Sizing a full run to a time budget from a trial's measured cost.
struct RunBudgetTests {
    static func spec() throws -> FederationSpec {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: "Ten phones with clothing photos train a CNN, 30 rounds.")
        return SpecComposer().compose(name: "budget", analysis, choice)
    }

    /// A trial that did 1e10 FLOPs per round in 2 s: 2e-10 s per FLOP.
    static let measured = TrialMeasurement(
        secondsPerRound: 2, trainingFLOPsPerRound: 9e9, evaluationFLOPsPerRound: 1e9, sampleTrainingFLOPs: 3e6,
        sampleForwardFLOPs: 1e6)

    @Test func durationsParseAndNonsenseIsRefusedWithAnExample() throws {
        #expect(try RunBudget.parse("10m").seconds == 600)
        #expect(try RunBudget.parse("1h30m").seconds == 5400)
        #expect(try RunBudget.parse("90s").seconds == 90)
        #expect(try RunBudget.parse("45").seconds == 45)
        #expect(RunBudget.defaultBudget.seconds == 600)
        #expect(throws: BudgetError.self) { try RunBudget.parse("ten minutes") }
        #expect(throws: BudgetError.self) { try RunBudget.parse("0s") }
    }

    @Test func aSmallBudgetScalesTheRunDownSayingWhatAndTheEstimateFits() throws {
        let spec = try Self.spec()
        let budget = RunBudget(seconds: 60)
        let sizing = budget.size(spec, measured: Self.measured, available: 60)
        #expect(!sizing.notes.isEmpty)
        #expect(sizing.estimatedSeconds <= 60)
        #expect(sizing.spec.server.testSamples.map { $0 < 10_000 } == true)
        #expect(sizing.spec.server.samplesPerClient.map { $0 < 6000 } == true)
        #expect(sizing.notes.contains { $0.hasPrefix("global test set 10000 → ") })
        // What was not scaled stays as planned.
        #expect(sizing.spec.task == spec.task && sizing.spec.strategy == spec.strategy)
        // The sized settings reach the topology the run reads.
        let topology = try sizing.spec.topology()
        #expect(topology.data.samplesPerClient == sizing.spec.server.samplesPerClient)
        #expect(topology.evaluation.testSamples == sizing.spec.server.testSamples)
        #expect(topology.rounds == sizing.spec.server.rounds)
    }

    @Test func aTinyBudgetAlsoCutsRoundsAndClientsPerRound() throws {
        let spec = try Self.spec()
        let sizing = RunBudget(seconds: 5).size(spec, measured: Self.measured, available: 6)
        #expect(sizing.spec.server.rounds < spec.server.rounds)
        #expect(sizing.notes.contains { $0.hasPrefix("rounds 30 → ") })
        #expect(sizing.notes.contains { $0.hasPrefix("clients per round 10 → ") })
    }

    /// The global test set costs what the run evaluates: a run that evaluates only after its last round
    /// keeps more training (rounds × clients × samples) in the same budget than one that evaluates
    /// every round, and at least as large a test set.
    @Test func evaluatingOnlyAfterTheLastRoundLeavesMoreTimeForTraining() throws {
        var everyRound = try Self.spec()
        everyRound.server.evaluateEvery = 1
        var atTheEnd = everyRound
        atTheEnd.server.evaluateEvery = atTheEnd.server.rounds
        func training(_ s: FederationSpec) -> Int {
            s.server.rounds
                * RunBudget.invited(s.server.fraction, of: s.server.clients, overcommit: s.server.overcommit)
                * (s.server.samplesPerClient ?? RunBudget.DataSize(s).samplesPerClient)
        }

        let a = RunBudget(seconds: 60).size(everyRound, measured: Self.measured, available: 60)
        let b = RunBudget(seconds: 60).size(atTheEnd, measured: Self.measured, available: 60)

        #expect(training(b.spec) > training(a.spec))
        #expect((b.spec.server.testSamples ?? 10_000) >= (a.spec.server.testSamples ?? 10_000))
        #expect(a.estimatedSeconds <= 60 && b.estimatedSeconds <= 60)
        #expect(RunBudget.globalEvaluations(rounds: 30, every: 1) == 30)
        #expect(RunBudget.globalEvaluations(rounds: 30, every: 30) == 1)
        #expect(RunBudget.globalEvaluations(rounds: 8, every: 30) == 1)
        #expect(RunBudget.globalEvaluations(rounds: 10, every: 3) == 4)
        #expect(RunBudget.globalEvaluations(rounds: 10, every: 0) == 0)
    }

    @Test func aBudgetTheRunFitsInChangesNothing() throws {
        let spec = try Self.spec()
        let sizing = RunBudget(seconds: 1e7).size(spec, measured: Self.measured, available: 1e7)
        #expect(sizing.notes.isEmpty && sizing.spec == spec)
    }
}
