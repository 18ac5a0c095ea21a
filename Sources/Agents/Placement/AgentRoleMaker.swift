import ActorMesh
import Distributed
import Federation
import Topology

/// Makes the actors of the placeable roles on one actor system, with what they need to decide (the
/// method chooser, this build's capabilities, a trainer factory for the testers and the evaluator).
/// The CLI makes one for the roles it keeps, and every `fedactors node` one for the roles placed on
/// it (``AgentHost``). The human gate is not made here: it needs the terminal.
package struct AgentRoleMaker: Sendable {
    let chooser: MethodChooser
    let capabilities: Capabilities
    let factory: any TrainerFactory
    let makeStrategy: StrategyMaker

    /// Probes what `factory` can build (which builds a trainer per dataset and partition: seconds,
    /// so nodes make their maker on the first role they are asked for).
    package init(chooser: MethodChooser, factory: any TrainerFactory, makeStrategy: @escaping StrategyMaker) {
        self.chooser = chooser
        self.factory = factory
        self.makeStrategy = makeStrategy
        capabilities = Capabilities.probe(
            factory: factory, datasets: Vocabulary.datasets, partitions: Vocabulary.partitions)
    }

    /// The actors of `role`, made on `system` under `prefix` (`<prefix>/planner`, `<prefix>/coder-task`…),
    /// by their transcript names. An LLM-capable role decides through `llm` when given, else with
    /// the expert. `committee` is the number of reviewers for ``AgentRole/reviewers`` (0: none are
    /// made). Throws for the human gate, which this maker cannot make, and for a committee that cannot be.
    package func make(
        _ role: AgentRole, llm: ChatClient?, on system: MeshSystem, prefix: String, committee: Int = 0
    ) throws -> [String: MadeActor] {
        let expert = ExpertPlanner(chooser: chooser, capabilities: capabilities)
        func one<Act: DistributedActor>(_ name: String, _ make: () throws -> Act) throws -> [String: MadeActor]
        where Act.ID == MeshActorID {
            let actor = try make()
            return [name: MadeActor(id: actor.id, actor: actor)]
        }
        switch role {
        case .planner:
            let backend: any DecisionBackend = llm.map { ChatBackend(client: $0) } ?? ExpertBackend()
            return try one("planner") {
                try system.makeActor(named: "\(prefix)/planner") {
                    PlannerAgent(actorSystem: system, expert: expert, backend: backend)
                }
            }
        case .reflector:
            return try one("reflector") {
                try system.makeActor(named: "\(prefix)/reflector") {
                    ReflectorAgent(actorSystem: system, expert: expert, llm: llm)
                }
            }
        case .supervisor:
            return try one("supervisor") {
                try system.makeActor(named: "\(prefix)/supervisor") {
                    SupervisorAgent(actorSystem: system, expert: expert, llm: llm)
                }
            }
        case .coders:
            return try perModule("coder", prefix: prefix, on: system) { module in
                ModuleCoderAgent(
                    actorSystem: system, module: module, chooser: chooser, capabilities: capabilities, llm: llm)
            }
        case .testers:
            let tester = ModuleTester(factory: factory)
            return try perModule("tester", prefix: prefix, on: system) { module in
                ModuleTesterAgent(actorSystem: system, module: module, tester: tester)
            }
        case .evaluator:
            let evaluator = TrialEvaluator(factory: factory, makeStrategy: makeStrategy)
            return try one("evaluator") {
                try system.makeActor(named: "\(prefix)/evaluator") {
                    EvaluatorAgent(actorSystem: system, evaluator: evaluator)
                }
            }
        case .debugger:
            return try one("debugger") {
                try system.makeActor(named: "\(prefix)/debugger") {
                    DebuggerAgent(actorSystem: system, capabilities: capabilities, llm: llm)
                }
            }
        case .reviewers:
            return try reviewers(committee, llm: llm, on: system, prefix: prefix)
        case .humanGate:
            throw AgentHostError(
                "the human gate cannot be made on a node: it asks the person at the terminal of `plan`/`auto`")
        }
    }

    /// The committee's reviewers, seated by ``CommitteeMembers``; none for a committee of 0.
    private func reviewers(_ count: Int, llm: ChatClient?, on system: MeshSystem, prefix: String) throws
        -> [String: MadeActor]
    {
        guard count > 0 else { return [:] }
        let members: CommitteeMembers
        do { members = try CommitteeMembers(count: count, llm: llm != nil) } catch {
            throw AgentHostError(error.description)
        }
        var actors: [String: MadeActor] = [:]
        for seat in members.seats {
            let expert = ExpertReviewer(chooser: chooser, prior: seat.prior)
            let actor = try system.makeActor(named: "\(prefix)/\(seat.name)") {
                ReviewerAgent(actorSystem: system, name: seat.name, expert: expert, llm: seat.asksLLM ? llm : nil)
            }
            actors[seat.name] = MadeActor(id: actor.id, actor: actor)
        }
        return actors
    }

    /// One actor per module, named `<kind>-<module>`.
    private func perModule<Act: DistributedActor>(
        _ kind: String, prefix: String, on system: MeshSystem, _ make: (FederationSpec.Module) -> Act
    ) throws -> [String: MadeActor] where Act.ID == MeshActorID {
        var actors: [String: MadeActor] = [:]
        for module in FederationSpec.Module.allCases {
            let name = "\(kind)-\(module.rawValue)"
            let actor = try system.makeActor(named: "\(prefix)/\(name)") { make(module) }
            actors[name] = MadeActor(id: actor.id, actor: actor)
        }
        return actors
    }
}

/// One actor a maker made: its id, and the actor itself, which must be held for it to live (the
/// mesh's registry holds actors weakly).
package struct MadeActor: Sendable {
    package let id: MeshActorID
    package let actor: any DistributedActor
}
