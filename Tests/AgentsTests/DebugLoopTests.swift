import Agents
import Federation
import Testing

/// Injected faults: the evaluator catches them at the right level, the debugger repairs them, and
/// the evaluate ⇄ debug loop stops within its bound when it cannot.
@Suite(.serialized) struct DebugLoopTests {
    static let request = "FedAvg with a 2NN on Fashion-MNIST across 10 phones, measured by global accuracy."

    /// A runnable spec for `request`, composed by the expert within what this build can run.
    static func spec() throws -> FederationSpec {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(for: request)
        let caps = Capabilities.probe(
            factory: LearningTrainerFactory(), datasets: ["fashion-mnist"], partitions: ["iid", "dirichlet"])
        let composer = SpecComposer()
        return composer.substitute(composer.compose(name: "fault", analysis, choice), within: caps).spec
    }

    static func evaluator() -> TrialEvaluator {
        TrialEvaluator(
            factory: LearningTrainerFactory(),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })
    }

    @Test func divergingLearningRateIsAnL2FindingAndTheDebuggerRepairsIt() async throws {
        var spec = try Self.spec()
        spec.client.learningRate = 40

        let (diagnosis, _) = await Self.evaluator().evaluate(spec)

        #expect(diagnosis.passedL1, "\(diagnosis.issues)")
        #expect(
            diagnosis.issues.contains {
                $0.level == .l2Semantics && [.diverged, .nonFinite, .chanceAccuracy].contains($0.finding)
            },
            "\(diagnosis.issues)")
        let patch = try #require(ExpertDebugger().patch(spec, for: diagnosis))
        #expect(patch.spec.client.learningRate < spec.client.learningRate)
    }

    @Test func fractionSelectingNobodyIsAnL1FindingAndTheDebuggerRepairsIt() async throws {
        var spec = try Self.spec()
        spec.server.fraction = 0

        let (diagnosis, report) = await Self.evaluator().evaluate(spec)

        #expect(report == nil)
        #expect(!diagnosis.passedL1)
        #expect(diagnosis.issues.allSatisfy { $0.level == .l1Runtime })
        let patch = try #require(ExpertDebugger().patch(spec, for: diagnosis))
        #expect(patch.spec.server.fraction > 0)
        let (after, _) = await Self.evaluator().evaluate(patch.spec)
        #expect(after.passed, "\(after.issues)")
    }

    @Test func loopRepairsAnInjectedFaultWithinItsBound() async throws {
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let workflow = AgentWorkflow(team: try AgentTestKit.team(on: system))
        var spec = try Self.spec()
        spec.client.learningRate = 40

        let outcome = try await workflow.evaluateAndDebug(spec)

        #expect(outcome.status == .ready, "\(outcome.status)")
        #expect(!outcome.patches.isEmpty && outcome.patches.count <= WorkflowBounds().debugAttempts)
        #expect(outcome.trials.last?.diagnosis.passed == true)
    }

    @Test func loopStopsForAHumanWhenTheBudgetIsSpent() async throws {
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        var bounds = WorkflowBounds()
        bounds.debugAttempts = 1
        let workflow = AgentWorkflow(team: try AgentTestKit.team(on: system), bounds: bounds)
        var spec = try Self.spec()
        spec.client.learningRate = 90  // one patch (÷5) cannot bring this back

        let outcome = try await workflow.evaluateAndDebug(spec)

        guard case .needsHuman(let why) = outcome.status else {
            Issue.record("expected needs-a-human, got \(outcome.status)")
            return
        }
        #expect(why.contains("1 debugging attempt"))
        #expect(outcome.trials.count == 2 && outcome.patches.count == 1)
    }

    /// When every client straggled, a synchronous run loses its deadline; FedBuff, whose late updates
    /// only a deadline makes (topology validation refuses it without one), gets a longer one instead.
    @Test func stragglingFedBuffKeepsALongerDeadline() throws {
        var spec = try Self.spec()
        spec.server.deadlineSeconds = 20
        let starved = Diagnosis(
            issues: [.init(level: .l1Runtime, finding: .zeroParticipation, detail: "every client straggled")],
            accuracy: nil)
        #expect(ExpertDebugger().patch(spec, for: starved)?.spec.server.deadlineSeconds == .some(nil))
        spec.strategy.name = "fedbuff"
        let patched = try #require(ExpertDebugger().patch(spec, for: starved))
        #expect(patched.spec.server.deadlineSeconds == 60)
        #expect(throws: Never.self) { try patched.spec.topology() }
    }

    @Test func debuggerHasNoPatchForAPassingTrial() throws {
        let clean = Diagnosis(issues: [], accuracy: 0.8)
        #expect(ExpertDebugger().patch(try Self.spec(), for: clean).map(\.changes) == nil)
    }
}

/// The debugger reads the symptom behind a finding: one remedy per attempt, each said with its reason.
struct DebuggerRemedyTests {
    static func privateSpec() throws -> FederationSpec {
        var spec = try DebugLoopTests.spec()
        spec.strategy.name = "dp-fedavg"
        spec.strategy.options = ["clipping_norm": 1, "noise_multiplier": 1.2]
        spec.server.fraction = 0.3
        return spec
    }

    static let rising = Diagnosis(
        issues: [.init(level: .l2Semantics, finding: .diverged, detail: "training loss rose from 2.301 to 2.950")],
        accuracy: 0.1)

    @Test func aDPRunWhoseLossRisesGetsMoreClientsPerRoundThenASmallerClipNeverALowerLearningRate() throws {
        let spec = try Self.privateSpec()
        let first = try #require(ExpertDebugger().patch(spec, for: Self.rising))
        #expect(first.spec.server.fraction == 0.6)
        #expect(first.spec.client.learningRate == spec.client.learningRate)
        #expect(first.spec.strategy.options["noise_multiplier"] == 1.2)
        #expect(first.changes.count == 1 && first.changes[0].contains("DP noise"))
        // Everyone already takes part: the clipping norm halves; the privacy settings stay.
        var full = spec
        full.server.fraction = 1
        let second = try #require(ExpertDebugger().patch(full, for: Self.rising))
        #expect(
            second.spec.strategy.options["clipping_norm"] == 0.5
                && second.spec.strategy.options["noise_multiplier"] == 1.2)
        #expect(second.spec.client.learningRate == spec.client.learningRate)
        // Stalled accuracy in a DP run: the same remedy first.
        let stalled = Diagnosis(
            issues: [.init(level: .l2Semantics, finding: .chanceAccuracy, detail: "accuracy 0.10")], accuracy: 0.1)
        #expect(try #require(ExpertDebugger().patch(spec, for: stalled)).spec.server.fraction == 0.6)
    }

    @Test func aMisspeltOptionTheTesterNamedIsRenamedKeepingItsValue() throws {
        var spec = try Self.privateSpec()
        spec.strategy.options = ["clip_norm": 0.7, "noise_multiplier": 1.2]
        let refused = Diagnosis(
            issues: [
                .init(
                    level: .l1Runtime, finding: .invalidSpec,
                    detail:
                        """
                        strategy.clip_norm: dp-fedavg has no option 'clip_norm' (did you mean 'clipping_norm'?); its \
                        options are: clipping_norm, delta, noise_multiplier, seed, target_epsilon
                        """
                )
            ],
            accuracy: nil)
        let patch = try #require(ExpertDebugger().patch(spec, for: refused))
        #expect(patch.spec.strategy.options == ["clipping_norm": 0.7, "noise_multiplier": 1.2])
        #expect(
            patch.changes == [
                "strategy option clip_norm → clipping_norm, keeping its value 0.7 (the tester did not know clip_norm)"
            ])
    }

    @Test func aLearningRateAtItsFloorIsNotLoweredFurther() throws {
        var spec = try DebugLoopTests.spec()
        spec.client.learningRate = 2e-4
        spec.client.localEpochs = 2
        let patch = try #require(ExpertDebugger().patch(spec, for: Self.rising))
        #expect(patch.spec.client.learningRate == 2e-4)
        #expect(patch.spec.client.localEpochs == 1)
        // Nothing left to slow down: no rule applies, and a person is asked.
        spec.client.localEpochs = 1
        #expect(ExpertDebugger().patch(spec, for: Self.rising) == nil)
        // Above the floor, the usual fifth.
        spec.client.learningRate = 0.05
        #expect(try #require(ExpertDebugger().patch(spec, for: Self.rising)).spec.client.learningRate == 0.01)
    }
}
