import ActorMesh
import Distributed
import Federation
import Topology

/// Every role of the workflow, created on one node's actor system under conventional paths
/// (`agents/<role>`), so another node can resolve them by id and every exchange crosses the mesh.
/// ``AgentTeam/place(_:_:)`` puts roles on other nodes instead.
package struct AgentTeam: Sendable {
    package let planner: PlannerAgent
    package let reflector: ReflectorAgent
    package let gate: HumanGateAgent
    package let supervisor: SupervisorAgent
    package let coders: [FederationSpec.Module: ModuleCoderAgent]
    package let testers: [FederationSpec.Module: ModuleTesterAgent]
    package let evaluator: EvaluatorAgent
    package let debugger: DebuggerAgent
    /// The committee's reviewers in seat order (`reviewer-1` first); empty without a committee.
    package let reviewers: [ReviewerAgent]

    /// Creates the roles on `system`. Each LLM-capable role decides through its client in
    /// `backends`, or with the embedded expert when it has none (the default for all).
    package static func start(
        on system: MeshSystem, chooser: MethodChooser, factory: any TrainerFactory,
        makeStrategy: @escaping StrategyMaker,
        input: any LineSource, autoApprove: Bool, show: @escaping @Sendable (String) -> Void,
        backends: RoleBackends = RoleBackends(), committee: Int = 0
    ) throws -> AgentTeam {
        let maker = AgentRoleMaker(chooser: chooser, factory: factory, makeStrategy: makeStrategy)
        var made: [String: MadeActor] = [:]
        for role in AgentRole.allCases where role.isPlaceable {
            let client = role.llmRole.flatMap { backends.client(for: $0) }
            made.merge(try maker.make(role, llm: client, on: system, prefix: "agents", committee: committee)) { $1 }
        }
        let gate = try makeGate(on: system, input: input, autoApprove: autoApprove, show: show)
        // Resolving on the system that made them gives back the actors themselves: the team holds them.
        return try withExtendedLifetime(made) {
            try AgentTeam(ids: made.mapValues(\.id).merging(["human-gate": gate.id]) { $1 }, using: system)
        }
    }

    /// The human gate on `system`, at `agents/gate`.
    static func makeGate(
        on system: MeshSystem, input: any LineSource, autoApprove: Bool, show: @escaping @Sendable (String) -> Void
    ) throws -> HumanGateAgent {
        try system.makeActor(named: "agents/gate") {
            HumanGateAgent(actorSystem: system, input: input, autoApprove: autoApprove, show: show)
        }
    }

    /// The team whose actors have these ids, by transcript name (`planner`, `human-gate`, `coder-task`…),
    /// as seen from `system`.
    init(ids: [String: MeshActorID], using system: MeshSystem) throws {
        func id(_ name: String) throws -> MeshActorID {
            guard let id = ids[name] else {
                throw AgentHostError("the team has no \(name); every role must be made before the workflow starts")
            }
            return id
        }
        var coders: [FederationSpec.Module: ModuleCoderAgent] = [:]
        var testers: [FederationSpec.Module: ModuleTesterAgent] = [:]
        for module in FederationSpec.Module.allCases {
            coders[module] = try .resolve(id: try id("coder-\(module.rawValue)"), using: system)
            testers[module] = try .resolve(id: try id("tester-\(module.rawValue)"), using: system)
        }
        // Seats are numbered from 1 without gaps: the committee is reviewer-1 … reviewer-N.
        let reviewers = try (1...).lazy.map { "reviewer-\($0)" }.prefix { ids[$0] != nil }.map {
            try ReviewerAgent.resolve(id: try id($0), using: system)
        }
        self.init(
            planner: try .resolve(id: try id("planner"), using: system),
            reflector: try .resolve(id: try id("reflector"), using: system),
            gate: try .resolve(id: try id("human-gate"), using: system),
            supervisor: try .resolve(id: try id("supervisor"), using: system), coders: coders, testers: testers,
            evaluator: try .resolve(id: try id("evaluator"), using: system),
            debugger: try .resolve(id: try id("debugger"), using: system), reviewers: reviewers)
    }

    init(
        planner: PlannerAgent, reflector: ReflectorAgent, gate: HumanGateAgent, supervisor: SupervisorAgent,
        coders: [FederationSpec.Module: ModuleCoderAgent], testers: [FederationSpec.Module: ModuleTesterAgent],
        evaluator: EvaluatorAgent, debugger: DebuggerAgent, reviewers: [ReviewerAgent] = []
    ) {
        self.planner = planner
        self.reflector = reflector
        self.gate = gate
        self.supervisor = supervisor
        self.coders = coders
        self.testers = testers
        self.evaluator = evaluator
        self.debugger = debugger
        self.reviewers = reviewers
    }

    /// The same roles seen from `system` (another node): every call to them crosses the mesh.
    package func resolved(using system: MeshSystem) throws -> AgentTeam {
        try AgentTeam(ids: ids, using: system)
    }

    /// Every actor's id by transcript name.
    var ids: [String: MeshActorID] {
        var ids: [String: MeshActorID] = [
            "planner": planner.id, "reflector": reflector.id, "human-gate": gate.id, "supervisor": supervisor.id,
            "evaluator": evaluator.id, "debugger": debugger.id,
        ]
        for (module, coder) in coders { ids["coder-\(module.rawValue)"] = coder.id }
        for (module, tester) in testers { ids["tester-\(module.rawValue)"] = tester.id }
        for (seat, reviewer) in reviewers.enumerated() { ids["reviewer-\(seat + 1)"] = reviewer.id }
        return ids
    }

    /// The endpoint of the node that serves the actor with this transcript name (`planner`, `coder-task`…).
    package func node(of name: String) -> String? { ids[name]?.node }
}
