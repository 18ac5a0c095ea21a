import ActorMesh
import Distributed
import Federation
import Foundation

/// How the workflow ended.
package enum WorkflowStatus: Codable, Sendable, Equatable {
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
package struct WorkflowOutcome: Codable, Sendable {
    package var status: WorkflowStatus
    package var plan: Plan?
    package var spec: FederationSpec?
    /// Trials in order, the last one the spec's final state.
    package var trials: [TrialResult]
    package var patches: [[String]]
    package var transcript: [TranscriptEntry]
    /// The committee's reviews, trials and choice, when `auto --committee` convened one.
    package var committee: CommitteeOutcome? = nil
}

/// The bounds of the workflow's loops.
package struct WorkflowBounds: Sendable {
    package var reflections = 3
    package var gateRounds = 5
    package var moduleAttempts = 3
    package var debugAttempts = 10
    /// How long the workflow waits for each role's answer over the mesh; nil: the mesh's default
    /// deadline. A role on a slow LLM needs at least its client's ``ChatConfig/worstCaseSeconds``.
    package var callDeadline: Duration? = nil
    /// How long the workflow waits for the evaluator's trial, which trains a real model for five
    /// rounds: minutes for a heavy model on a busy machine, far past the mesh's 30-second default.
    package var evaluationDeadline: Duration = .seconds(900)
    package init() {}
}

/// Helmsman's workflow over the team's distributed actors: plan ⇄ reflect, human gate, blueprint,
/// module coders and testers, then evaluate ⇄ debug. Every loop is bounded; every exchange is
/// written to the transcript and, since the roles are actors on the mesh, metered by the ledger.
package struct AgentWorkflow: Sendable {
    package let team: AgentTeam
    package let bounds: WorkflowBounds
    package let progress: @Sendable (String) -> Void
    /// The committee that reviews the evaluated spec's strategy (nil: none; the team must hold reviewers).
    package let committee: CommitteeSettings?
    /// The user's data every trial trains on (`auto --data`), the committee's too; nil: each trial
    /// trains on its spec's own partition.
    package let trialData: TrialData?

    package init(
        team: AgentTeam, bounds: WorkflowBounds = WorkflowBounds(),
        progress: @escaping @Sendable (String) -> Void = { _ in }, committee: CommitteeSettings? = nil,
        trialData: TrialData? = nil
    ) {
        self.team = team
        self.bounds = bounds
        self.progress = progress
        self.committee = committee
        self.trialData = trialData
    }

    /// Plans only: plan ⇄ reflect, then the gate. Returns the approved plan (status `.ready`) or why not.
    package func plan(_ request: String) async throws -> WorkflowOutcome {
        var transcript: [TranscriptEntry] = []
        var feedback: [String] = []
        for _ in 0..<bounds.gateRounds {
            var plan = try await askPlanner(request, feedback, &transcript)
            for attempt in 1...bounds.reflections {
                let reviewed = plan
                let verdict = try await timed("plan", "reflector", sent: reviewed, &transcript) {
                    try await team.reflector.reflect(reviewed)
                } record: {
                    .decided($0, "\($0.value)")
                }.value
                guard case .incomplete(let missing) = verdict else { break }
                // Missing essentials only the user can give: no guessing, ask.
                if !plan.questions.isEmpty || attempt == bounds.reflections {
                    switch try await review(plan, &transcript) {
                    case .feedback(let answer):
                        feedback.append(answer)
                        plan = try await askPlanner(request, feedback, &transcript)
                    case .abort:
                        return WorkflowOutcome(
                            status: .aborted, plan: plan, spec: nil, trials: [], patches: [], transcript: transcript)
                    case .approve:
                        // Approval cannot supply essentials the request lacks: those stay questions.
                        guard plan.questions.isEmpty else {
                            return WorkflowOutcome(
                                status: .needsAnswers(plan.questions), plan: plan, spec: nil, trials: [], patches: [],
                                transcript: transcript)
                        }
                        // The reflector's points were fed back `bounds.reflections` times and the
                        // plan has every essential: the gate's approval (or --yes) carries it on.
                        progress(
                            """
                            reflector: still incomplete after \(attempt) review(s) \
                            (\(missing.joined(separator: "; "))); approved at the gate, going on
                            """
                        )
                        return WorkflowOutcome(
                            status: .ready, plan: plan, spec: nil, trials: [], patches: [], transcript: transcript)
                    }
                } else {
                    feedback += missing
                    plan = try await askPlanner(request, feedback, &transcript)
                }
            }
            if !plan.questions.isEmpty { continue }
            let decision = try await review(plan, &transcript)
            switch decision {
            case .approve:
                return WorkflowOutcome(
                    status: .ready, plan: plan, spec: nil, trials: [], patches: [], transcript: transcript)
            case .abort:
                return WorkflowOutcome(
                    status: .aborted, plan: plan, spec: nil, trials: [], patches: [], transcript: transcript)
            case .feedback(let text): feedback.append(text)
            }
        }
        return WorkflowOutcome(
            status: .needsHuman("the plan was not approved within \(bounds.gateRounds) rounds of feedback"), plan: nil,
            spec: nil, trials: [], patches: [], transcript: transcript)
    }

    /// The whole pipeline up to an evaluated spec.
    package func run(_ request: String) async throws -> WorkflowOutcome {
        var outcome = try await plan(request)
        guard outcome.status == .ready, let plan = outcome.plan else { return outcome }
        progress("plan approved: \(plan.summary)")
        for replaced in plan.replacements { progress("not built: \(replaced)") }
        let blueprint = try await timed("build", "supervisor", sent: plan, &outcome.transcript) {
            try await team.supervisor.blueprint(plan)
        } record: {
            .decided(
                $0,
                $0.value.steps.map { "\($0.module.rawValue)←\($0.dependsOn.map(\.rawValue))" }.joined(separator: " "))
        }.value
        var spec: FederationSpec? = nil
        for step in blueprint.steps {
            guard let coder = team.coders[step.module], let tester = team.testers[step.module] else { continue }
            var failures: [String] = []
            for attempt in 1...bounds.moduleAttempts {
                let assignment = ModuleAssignment(plan: plan, draft: spec, failures: failures)
                let written = try await timed(
                    "build", "coder-\(step.module.rawValue)", sent: assignment, &outcome.transcript
                ) {
                    try await coder.write(assignment)
                } record: { [failures] in
                    .decided(
                        $0, "attempt \(attempt)" + (failures.isEmpty ? "" : ", fixing \(failures.count) failure(s)"))
                }.value
                spec = written
                failures = try await timed(
                    "build", "tester-\(step.module.rawValue)", sent: written, &outcome.transcript
                ) {
                    try await tester.test(written, against: plan)
                } record: {
                    .plain($0, $0.isEmpty ? "passed" : $0.joined(separator: "; "))
                }
                if failures.isEmpty { break }
            }
            progress(
                "module \(step.module.rawValue): "
                    + (failures.isEmpty ? "tests pass" : "still failing: \(failures.joined(separator: "; "))"))
            if !failures.isEmpty {
                outcome.spec = spec
                outcome.status = .needsHuman(
                    """
                    the \(step.module.rawValue) module still fails its tests after \(bounds.moduleAttempts) attempts: \
                    \(failures.joined(separator: "; "))
                    """
                )
                return outcome
            }
        }
        guard let spec else {
            outcome.status = .needsHuman("the blueprint had no modules")
            return outcome
        }
        let evaluated = try await evaluateAndDebug(spec, outcome: outcome)
        guard let committee, evaluated.status == .ready else { return evaluated }
        return try await convene(committee, request: request, outcome: evaluated)
    }

    /// The evaluate ⇄ debug loop from `spec`: at most `bounds.debugAttempts` patches, then a
    /// "needs a human" status. `outcome` carries the earlier stages' transcript.
    package func evaluateAndDebug(
        _ spec: FederationSpec,
        outcome start: WorkflowOutcome? = nil
    ) async throws -> WorkflowOutcome {
        var outcome =
            start ?? WorkflowOutcome(status: .ready, plan: nil, spec: nil, trials: [], patches: [], transcript: [])
        var current = spec
        for attempt in 0...bounds.debugAttempts {
            let candidate = current
            let data = trialData
            let trial = try await timed(
                "evaluate", "evaluator", sent: TrialRequest(spec: candidate, data: data), &outcome.transcript,
                deadline: max(bounds.evaluationDeadline, bounds.callDeadline ?? .zero)
            ) {
                try await team.evaluator.evaluate(candidate, data: data)
            } record: {
                .plain(
                    $0,
                    ($0.diagnosis.passed
                        ? "passed L1 and L2"
                        : $0.diagnosis.issues.map { "\($0.level.rawValue) \($0.finding.rawValue): \($0.detail)" }
                            .joined(separator: "; ")) + Self.dataNote($0, asked: data))
            }
            outcome.trials.append(trial)
            outcome.spec = current
            progress(
                "trial \(attempt + 1): "
                    + (trial.diagnosis.passed
                        ? "passes L1 and L2"
                        : trial.diagnosis.issues.map { "\($0.level.rawValue) \($0.finding.rawValue)" }.joined(
                            separator: ", ")) + Self.dataNote(trial, asked: data))
            if trial.diagnosis.passed {
                outcome.status = .ready
                return outcome
            }
            guard attempt < bounds.debugAttempts else { break }
            let diagnosis = trial.diagnosis
            let report = DebugRequest(spec: candidate, diagnosis: diagnosis)
            guard
                let patch = try await timed(
                    "debug", "debugger", sent: report, &outcome.transcript,
                    { try await team.debugger.patch(candidate, diagnosis: diagnosis) },
                    record: {
                        .decided($0, $0.value.map { $0.changes.joined(separator: "; ") } ?? "no rule applies")
                    }
                ).value
            else {
                outcome.status = .needsHuman(
                    "the debugger has no fix for: \(diagnosis.issues.map(\.detail).joined(separator: "; "))")
                return outcome
            }
            outcome.patches.append(patch.changes)
            progress("debugger: \(patch.changes.joined(separator: "; "))")
            current = patch.spec
        }
        outcome.status = .needsHuman("the spec still fails its trial after \(bounds.debugAttempts) debugging attempts")
        return outcome
    }

    /// Asks the planner, writing the exchange to the transcript. The planner's LLM conversation
    /// stays there: the plan passed on to the other roles (and over the mesh) does not carry it.
    private func askPlanner(_ request: String, _ feedback: [String], _ transcript: inout [TranscriptEntry]) async throws
        -> Plan
    {
        let asked = PlanRequest(request: request, feedback: feedback)
        var plan = try await timed("plan", "planner", sent: asked, &transcript) {
            try await team.planner.plan(asked)
        } record: {
            .plan($0)
        }
        plan.decision?.llm = nil
        return plan
    }

    /// Shows the plan at the gate, writing the exchange to the transcript.
    private func review(_ plan: Plan, _ transcript: inout [TranscriptEntry]) async throws -> GateDecision {
        try await timed("gate", "human-gate", sent: plan, &transcript) {
            try await team.gate.review(plan)
        } record: {
            .plain($0, "\($0)")
        }
    }

    /// Runs one exchange, timing it and writing it, with what was sent, to the transcript.
    /// `deadline` overrides the bounds' `callDeadline` for this exchange.
    func timed<T>(
        _ stage: String, _ role: String, sent: some Encodable, _ transcript: inout [TranscriptEntry],
        deadline: Duration? = nil,
        _ body: () async throws -> T, record: (T) -> TranscriptRecord
    ) async throws -> T {
        let started = ContinuousClock.now
        let value = try await call(role, deadline: deadline ?? bounds.callDeadline, body)
        let r = record(value)
        if let note = r.note { progress("\(role): \(note)") }
        transcript.append(
            TranscriptEntry(
                stage: stage, role: role, summary: r.summary, seconds: (ContinuousClock.now - started).seconds,
                sent: JSONValue.encoding(sent), received: r.received, decidedBy: r.decidedBy, note: r.note, llm: r.llm))
        return value
    }
}

extension AgentWorkflow {
    /// Runs one call to `role` within `deadline` (nil: the mesh's default); a mesh failure becomes
    /// an ``AgentCallFailed`` naming the role and its node.
    func call<T>(_ role: String, deadline: Duration?, _ body: () async throws -> T) async throws -> T {
        do {
            if let deadline { return try await MeshSystem.withDeadline(deadline, operation: body) }
            return try await body()
        } catch let error as MeshError {
            throw AgentCallFailed(role: role, node: team.node(of: role) ?? "?", cause: error)
        }
    }
}

/// What the evaluator is sent: the spec, and the user's data its trial trains on (nil: the spec's partition).
struct TrialRequest: Encodable {
    var spec: FederationSpec
    var data: TrialData?
}

extension AgentWorkflow {
    /// What a trial trained on, for the console and the transcript: the user's data after its
    /// stages, or (asked for, but absent) that the trial stopped before they ended; empty without data.
    static func dataNote(_ trial: TrialResult, asked: TrialData?) -> String {
        guard let asked else { return "" }
        guard let used = trial.data else {
            return " (on \(asked.path)'s data: the trial stopped before its data stages ended)"
        }
        return " (\(used.line))"
    }
}

/// What the debugger is sent: the spec and the evaluator's diagnosis of its trial (for the transcript).
struct DebugRequest: Encodable {
    var spec: FederationSpec
    var diagnosis: Diagnosis
}
