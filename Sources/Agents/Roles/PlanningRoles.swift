import ActorMesh
import Distributed

/// What the planner is asked: the request and the feedback so far.
public struct PlanRequest: Codable, Sendable, Equatable {
    public var request: String
    public var feedback: [String]
    public init(request: String, feedback: [String] = []) {
        self.request = request
        self.feedback = feedback
    }
}

/// Planner: request (+ feedback) → plan, or a plan whose questions must be answered first.
public distributed actor PlannerAgent {
    public typealias ActorSystem = MeshSystem
    private let expert: ExpertPlanner

    public init(actorSystem: MeshSystem, expert: ExpertPlanner) {
        self.actorSystem = actorSystem
        self.expert = expert
    }

    public distributed func plan(_ request: PlanRequest) -> Plan {
        expert.plan(request.request, feedback: request.feedback)
    }
}

/// Reflector: is the plan complete and sound?
public distributed actor ReflectorAgent {
    public typealias ActorSystem = MeshSystem
    private let expert: ExpertPlanner

    public init(actorSystem: MeshSystem, expert: ExpertPlanner) {
        self.actorSystem = actorSystem
        self.expert = expert
    }

    public distributed func reflect(_ plan: Plan) -> Reflection {
        expert.reflect(on: plan)
    }
}

/// Supervisor: plan → blueprint of the four modules in dependency order.
public distributed actor SupervisorAgent {
    public typealias ActorSystem = MeshSystem
    private let expert: ExpertPlanner

    public init(actorSystem: MeshSystem, expert: ExpertPlanner) {
        self.actorSystem = actorSystem
        self.expert = expert
    }

    public distributed func blueprint(_ plan: Plan) -> Blueprint {
        expert.blueprint(for: plan)
    }
}
