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
        let caps = Capabilities.probe(factory: LearningTrainerFactory(), datasets: ["fashion-mnist"], partitions: ["iid", "dirichlet"])
        let composer = SpecComposer()
        return composer.substitute(composer.compose(name: "fault", analysis, choice), within: caps).spec
    }

    static func evaluator() -> TrialEvaluator {
        TrialEvaluator(factory: LearningTrainerFactory(), makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })
    }

    @Test func divergingLearningRateIsAnL2FindingAndTheDebuggerRepairsIt() async throws {
        var spec = try Self.spec()
        spec.client.learningRate = 40

        let (diagnosis, _) = await Self.evaluator().evaluate(spec)

        #expect(diagnosis.passedL1, "\(diagnosis.issues)")
        #expect(diagnosis.issues.contains { $0.level == .l2Semantics && [.diverged, .nonFinite, .chanceAccuracy].contains($0.finding) },
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
        spec.client.learningRate = 90   // one patch (÷5) cannot bring this back

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
        let starved = Diagnosis(issues: [.init(level: .l1Runtime, finding: .zeroParticipation, detail: "every client straggled")], accuracy: nil)
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
