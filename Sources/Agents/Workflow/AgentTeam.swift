import ActorMesh
import Distributed
import Federation
import Topology

/// Every role of the workflow, created on one node's actor system under conventional paths
/// (`agents/<role>`), so another node can resolve them by id and every exchange crosses the mesh.
package struct AgentTeam: Sendable {
    package let planner: PlannerAgent
    package let reflector: ReflectorAgent
    package let gate: HumanGateAgent
    package let supervisor: SupervisorAgent
    package let coders: [FederationSpec.Module: ModuleCoderAgent]
    package let testers: [FederationSpec.Module: ModuleTesterAgent]
    package let evaluator: EvaluatorAgent
    package let debugger: DebuggerAgent

    /// Creates the roles on `system`. Each LLM-capable role decides through its client in
    /// `backends`, or with the embedded expert when it has none (the default for all).
    package static func start(
        on system: MeshSystem, chooser: MethodChooser, factory: any TrainerFactory,
        makeStrategy: @escaping StrategyMaker,
        input: any LineSource, autoApprove: Bool, show: @escaping @Sendable (String) -> Void,
        backends: RoleBackends = RoleBackends()
    ) throws -> AgentTeam {
        let capabilities = Capabilities.probe(
            factory: factory, datasets: Vocabulary.datasets, partitions: Vocabulary.partitions)
        let expert = ExpertPlanner(chooser: chooser, capabilities: capabilities)
        let tester = ModuleTester(factory: factory)
        var coders: [FederationSpec.Module: ModuleCoderAgent] = [:],
            testers: [FederationSpec.Module: ModuleTesterAgent] = [:]
        for module in FederationSpec.Module.allCases {
            coders[module] = try system.makeActor(named: "agents/coder-\(module.rawValue)") {
                ModuleCoderAgent(
                    actorSystem: system, module: module, chooser: chooser, capabilities: capabilities,
                    llm: backends.client(for: .coders))
            }
            testers[module] = try system.makeActor(named: "agents/tester-\(module.rawValue)") {
                ModuleTesterAgent(actorSystem: system, module: module, tester: tester)
            }
        }
        return AgentTeam(
            planner: try system.makeActor(named: "agents/planner") {
                PlannerAgent(actorSystem: system, expert: expert, backend: backends.planner)
            },
            reflector: try system.makeActor(named: "agents/reflector") {
                ReflectorAgent(actorSystem: system, expert: expert, llm: backends.client(for: .reflector))
            },
            gate: try system.makeActor(named: "agents/gate") {
                HumanGateAgent(actorSystem: system, input: input, autoApprove: autoApprove, show: show)
            },
            supervisor: try system.makeActor(named: "agents/supervisor") {
                SupervisorAgent(actorSystem: system, expert: expert, llm: backends.client(for: .supervisor))
            },
            coders: coders, testers: testers,
            evaluator: try system.makeActor(named: "agents/evaluator") {
                EvaluatorAgent(
                    actorSystem: system, evaluator: TrialEvaluator(factory: factory, makeStrategy: makeStrategy))
            },
            debugger: try system.makeActor(named: "agents/debugger") {
                DebuggerAgent(actorSystem: system, capabilities: capabilities, llm: backends.client(for: .debugger))
            })
    }

    /// The same roles seen from `system` (another node): every call to them crosses the mesh.
    package func resolved(using system: MeshSystem) throws -> AgentTeam {
        AgentTeam(
            planner: try .resolve(id: planner.id, using: system),
            reflector: try .resolve(id: reflector.id, using: system),
            gate: try .resolve(id: gate.id, using: system), supervisor: try .resolve(id: supervisor.id, using: system),
            coders: try coders.mapValues { try .resolve(id: $0.id, using: system) },
            testers: try testers.mapValues { try .resolve(id: $0.id, using: system) },
            evaluator: try .resolve(id: evaluator.id, using: system),
            debugger: try .resolve(id: debugger.id, using: system))
    }
}
