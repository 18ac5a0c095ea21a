import ActorMesh
import Distributed

/// What the planner is asked: the request and the feedback so far.
package struct PlanRequest: Codable, Sendable, Equatable {
    package var request: String
    package var feedback: [String]
    package init(request: String, feedback: [String] = []) {
        self.request = request
        self.feedback = feedback
    }
}

/// Planner: request (+ feedback) → plan, or a plan whose questions must be answered first. The
/// expert writes the plan; the strategy is chosen by the planner's backend among those this build runs.
package distributed actor PlannerAgent {
    package typealias ActorSystem = MeshSystem
    private let expert: ExpertPlanner
    private let backend: any DecisionBackend

    package init(actorSystem: MeshSystem, expert: ExpertPlanner, backend: any DecisionBackend = ExpertBackend()) {
        self.actorSystem = actorSystem
        self.expert = expert
        self.backend = backend
    }

    package distributed func plan(_ request: PlanRequest) async -> Plan {
        var plan = expert.plan(request.request, feedback: request.feedback)
        guard plan.questions.isEmpty, let proposed = plan.setup["strategy"] else { return plan }
        let available = expert.capabilities?.strategies ?? []
        guard !available.isEmpty else { return plan }
        let expertChoice =
            available.contains(proposed) ? proposed : (available.contains("fedavg") ? "fedavg" : available[0])
        let decision = await backend.decide(
            DecisionQuestion(
                role: "planner", question: "Which aggregation strategy should the federation use?",
                request: request.request,
                options: available, expertChoice: expertChoice))
        if decision.choice != expertChoice {
            plan = expert.restated(plan, strategy: decision.choice, replacing: proposed)
        }
        plan.decision = decision
        if decision.choice != expertChoice {
            plan.assumptions.append(
                """
                strategy \(decision.choice) chosen by the \(decision.decidedBy) instead of the expert's \
                \(expertChoice)
                """
            )
        }
        plan.setup["strategy"] = decision.choice
        if let note = decision.note { plan.assumptions.append(note) }
        return plan
    }
}

/// Reflector: is the plan complete and sound? The expert's checks always run; with an LLM, the
/// model's judgement of soundness is added to them (``ReflectorPrompt``), never replacing them.
package distributed actor ReflectorAgent {
    package typealias ActorSystem = MeshSystem
    private let expert: ExpertPlanner
    private let llm: ChatClient?

    package init(actorSystem: MeshSystem, expert: ExpertPlanner, llm: ChatClient? = nil) {
        self.actorSystem = actorSystem
        self.expert = expert
        self.llm = llm
    }

    package distributed func reflect(_ plan: Plan) async -> Decided<Reflection> {
        let rules = expert.reflect(on: plan)
        guard let llm else { return .expert(rules) }
        var decided = await llm.decide(ReflectorPrompt.query(plan, expert: rules), expert: rules)
        decided.value = ReflectorPrompt.combine(expert: rules, llm: decided.value)
        return decided
    }
}

/// Supervisor: plan → blueprint of the four modules in dependency order, by the expert's fixed
/// order or by an LLM's validated blueprint (``SupervisorPrompt``).
package distributed actor SupervisorAgent {
    package typealias ActorSystem = MeshSystem
    private let expert: ExpertPlanner
    private let llm: ChatClient?

    package init(actorSystem: MeshSystem, expert: ExpertPlanner, llm: ChatClient? = nil) {
        self.actorSystem = actorSystem
        self.expert = expert
        self.llm = llm
    }

    package distributed func blueprint(_ plan: Plan) async -> Decided<Blueprint> {
        let rules = expert.blueprint(for: plan)
        guard let llm else { return .expert(rules) }
        return await llm.decide(SupervisorPrompt.query(plan, expert: rules), expert: rules)
    }
}
