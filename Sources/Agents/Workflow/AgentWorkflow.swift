import ActorMesh
import Distributed
import Foundation

/// One exchange with a role, for the transcript.
public struct TranscriptEntry: Codable, Sendable, Equatable {
    public var stage: String
    public var role: String
    public var summary: String
    public var seconds: Double
}

/// How the workflow ended.
public enum WorkflowStatus: Codable, Sendable, Equatable {
    /// The spec passed the module tests and the evaluator's L1 and L2 checks.
    case ready
    /// The request misses essentials; these are the questions to answer.
    case needsAnswers([String])
    /// The user aborted at the gate.
    case aborted
    /// A bound was reached without a passing spec; the reason says where.
    case needsHuman(String)
}

/// Everything the workflow produced.
public struct WorkflowOutcome: Codable, Sendable {
    public var status: WorkflowStatus
    public var plan: Plan?
    public var spec: FederationSpec?
    /// Trials in order, the last one the spec's final state.
    public var trials: [TrialResult]
    public var patches: [[String]]
    public var transcript: [TranscriptEntry]
}

/// The bounds of the workflow's loops.
public struct WorkflowBounds: Sendable {
    public var reflections = 3
    public var gateRounds = 5
    public var moduleAttempts = 3
    public var debugAttempts = 10
    public init() {}
}

/// Helmsman's workflow over the team's distributed actors: plan ⇄ reflect, human gate, blueprint,
/// module coders and testers, then evaluate ⇄ debug. Every loop is bounded; every exchange is
/// written to the transcript and, since the roles are actors on the mesh, metered by the ledger.
public struct AgentWorkflow: Sendable {
    public let team: AgentTeam
    public let bounds: WorkflowBounds
    public let progress: @Sendable (String) -> Void

    public init(team: AgentTeam, bounds: WorkflowBounds = WorkflowBounds(), progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.team = team
        self.bounds = bounds
        self.progress = progress
    }

    /// Plans only: plan ⇄ reflect, then the gate. Returns the approved plan (status `.ready`) or why not.
    public func plan(_ request: String) async throws -> WorkflowOutcome {
        var transcript: [TranscriptEntry] = []
        var feedback: [String] = []
        for _ in 0..<bounds.gateRounds {
            var plan = try await timed("plan", "planner", &transcript) { try await team.planner.plan(PlanRequest(request: request, feedback: feedback)) } describe: { $0.summary }
            for attempt in 1...bounds.reflections {
                let verdict = try await timed("plan", "reflector", &transcript) { try await team.reflector.reflect(plan) } describe: { "\($0)" }
                guard case .incomplete(let missing) = verdict else { break }
                // Missing essentials only the user can give: no guessing, ask.
                if !plan.questions.isEmpty || attempt == bounds.reflections {
                    let decision = try await timed("gate", "human-gate", &transcript) { try await team.gate.review(plan) } describe: { "\($0)" }
                    guard case .feedback(let answer) = decision else {
                        return WorkflowOutcome(status: decision == .abort ? .aborted : .needsAnswers(plan.questions.isEmpty ? missing : plan.questions), plan: plan, spec: nil, trials: [], patches: [], transcript: transcript)
                    }
                    feedback.append(answer)
                    plan = try await timed("plan", "planner", &transcript) { try await team.planner.plan(PlanRequest(request: request, feedback: feedback)) } describe: { $0.summary }
                } else {
                    feedback += missing
                    plan = try await timed("plan", "planner", &transcript) { try await team.planner.plan(PlanRequest(request: request, feedback: feedback)) } describe: { $0.summary }
                }
            }
            if !plan.questions.isEmpty { continue }
            let decision = try await timed("gate", "human-gate", &transcript) { try await team.gate.review(plan) } describe: { "\($0)" }
            switch decision {
            case .approve: return WorkflowOutcome(status: .ready, plan: plan, spec: nil, trials: [], patches: [], transcript: transcript)
            case .abort: return WorkflowOutcome(status: .aborted, plan: plan, spec: nil, trials: [], patches: [], transcript: transcript)
            case .feedback(let text): feedback.append(text)
            }
        }
        return WorkflowOutcome(status: .needsHuman("the plan was not approved within \(bounds.gateRounds) rounds of feedback"), plan: nil, spec: nil, trials: [], patches: [], transcript: transcript)
    }

    /// The whole pipeline up to an evaluated spec.
    public func run(_ request: String) async throws -> WorkflowOutcome {
        var outcome = try await plan(request)
        guard outcome.status == .ready, let plan = outcome.plan else { return outcome }
        progress("plan approved: \(plan.summary)")
        let blueprint = try await timed("build", "supervisor", &outcome.transcript) { try await team.supervisor.blueprint(plan) } describe: {
            $0.steps.map { "\($0.module.rawValue)←\($0.dependsOn.map(\.rawValue))" }.joined(separator: " ")
        }
        var spec: FederationSpec? = nil
        for step in blueprint.steps {
            guard let coder = team.coders[step.module], let tester = team.testers[step.module] else { continue }
            var failures: [String] = []
            for attempt in 1...bounds.moduleAttempts {
                let draft = spec
                let written = try await timed("build", "coder-\(step.module.rawValue)", &outcome.transcript) {
                    try await coder.write(ModuleAssignment(plan: plan, draft: draft, failures: failures))
                } describe: { _ in "attempt \(attempt)" + (failures.isEmpty ? "" : ", fixing \(failures.count) failure(s)") }
                spec = written
                failures = try await timed("build", "tester-\(step.module.rawValue)", &outcome.transcript) { try await tester.test(written) } describe: {
                    $0.isEmpty ? "passed" : $0.joined(separator: "; ")
                }
                if failures.isEmpty { break }
            }
            progress("module \(step.module.rawValue): " + (failures.isEmpty ? "tests pass" : "still failing: \(failures.joined(separator: "; "))"))
            if !failures.isEmpty {
                outcome.spec = spec
                outcome.status = .needsHuman("the \(step.module.rawValue) module still fails its tests after \(bounds.moduleAttempts) attempts: \(failures.joined(separator: "; "))")
                return outcome
            }
        }
        guard let spec else {
            outcome.status = .needsHuman("the blueprint had no modules")
            return outcome
        }
        return try await evaluateAndDebug(spec, outcome: outcome)
    }

    /// The evaluate ⇄ debug loop from `spec`: at most `bounds.debugAttempts` patches, then a
    /// "needs a human" status. `outcome` carries the earlier stages' transcript.
    public func evaluateAndDebug(
        _ spec: FederationSpec,
        outcome start: WorkflowOutcome? = nil
    ) async throws -> WorkflowOutcome {
        var outcome = start ?? WorkflowOutcome(status: .ready, plan: nil, spec: nil, trials: [], patches: [], transcript: [])
        var current = spec
        for attempt in 0...bounds.debugAttempts {
            let candidate = current
            let trial = try await timed("evaluate", "evaluator", &outcome.transcript) { try await team.evaluator.evaluate(candidate) } describe: {
                $0.diagnosis.passed ? "passed L1 and L2" : $0.diagnosis.issues.map { "\($0.level.rawValue) \($0.finding.rawValue): \($0.detail)" }.joined(separator: "; ")
            }
            outcome.trials.append(trial)
            outcome.spec = current
            progress("trial \(attempt + 1): " + (trial.diagnosis.passed ? "passes L1 and L2" : trial.diagnosis.issues.map { "\($0.level.rawValue) \($0.finding.rawValue)" }.joined(separator: ", ")))
            if trial.diagnosis.passed {
                outcome.status = .ready
                return outcome
            }
            guard attempt < bounds.debugAttempts else { break }
            let diagnosis = trial.diagnosis
            guard let patch = try await timed("debug", "debugger", &outcome.transcript, { try await team.debugger.patch(candidate, diagnosis: diagnosis) }, describe: {
                $0.map { $0.changes.joined(separator: "; ") } ?? "no rule applies"
            }) else {
                outcome.status = .needsHuman("the debugger has no fix for: \(diagnosis.issues.map(\.detail).joined(separator: "; "))")
                return outcome
            }
            outcome.patches.append(patch.changes)
            progress("debugger: \(patch.changes.joined(separator: "; "))")
            current = patch.spec
        }
        outcome.status = .needsHuman("the spec still fails its trial after \(bounds.debugAttempts) debugging attempts")
        return outcome
    }

    /// Runs one exchange, timing it and writing it to the transcript.
    private func timed<T>(
        _ stage: String, _ role: String, _ transcript: inout [TranscriptEntry], _ body: () async throws -> T, describe: (T) -> String
    ) async throws -> T {
        let started = ContinuousClock.now
        let value = try await body()
        let elapsed = ContinuousClock.now - started
        transcript.append(TranscriptEntry(stage: stage, role: role, summary: describe(value),
                                          seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        return value
    }
}
