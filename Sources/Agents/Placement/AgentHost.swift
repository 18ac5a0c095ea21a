import ActorMesh
import Distributed

/// What a driver asks a node's ``AgentHost`` for: one role, and whether it decides with the
/// embedded expert or through the node's OpenAI-compatible endpoint.
package struct RoleRequest: Codable, Sendable, Equatable {
    package var role: AgentRole
    package var backend: BackendKind
    /// The number of reviewers, for ``AgentRole/reviewers``.
    package var committee: Int

    package init(role: AgentRole, backend: BackendKind = .expert, committee: Int = 0) {
        self.role = role
        self.backend = backend
        self.committee = committee
    }
}

/// What the host made: the role's actors by transcript name (`planner`, `coder-task`…), and, for a
/// role on the node's LLM, the longest one exchange with it may take (the driver waits that long).
package struct PlacedRole: Codable, Sendable, Equatable {
    package var actors: [String: MeshActorID]
    package var llmWorstCaseSeconds: Double?
}

/// Lives on every `fedactors node` (at ``path``) and makes the agent roles a driver places there
/// (`fedactors plan|auto --agents-on`). A role set to the LLM uses the endpoint of the node's own
/// environment (`FEDACTORS_LLM_BASE_URL`…): the model is reached from the machine that serves it, and
/// no API key crosses the mesh. Its path is a control path: on a node of a run only the run's
/// coordinator may make or drop roles.
package distributed actor AgentHost {
    package typealias ActorSystem = MeshSystem

    /// The well-known path of the host on every node.
    package static let path = "agents/host"

    private let makeMaker: @Sendable () throws -> AgentRoleMaker
    private var maker: AgentRoleMaker?
    private let chat: Result<ChatClient, AgentHostError>
    private var actors: [any DistributedActor] = []
    private var made = 0

    /// `makeMaker` runs on the first role asked for (it probes the datasets: seconds). `chat` is the
    /// node's LLM client, or why the node has none.
    package init(
        actorSystem: MeshSystem, chat: Result<ChatClient, AgentHostError>,
        makeMaker: @escaping @Sendable () throws -> AgentRoleMaker
    ) {
        self.actorSystem = actorSystem
        self.chat = chat
        self.makeMaker = makeMaker
    }

    /// The host on the node at `endpoint`.
    package static func at(_ endpoint: String, using system: MeshSystem) throws -> AgentHost {
        try resolve(id: MeshActorID(node: endpoint, path: path), using: system)
    }

    /// Lets the host's errors reach a caller as ``AgentHostError``.
    package static func registerErrors() {
        RemoteErrorTypes.register(AgentHostError.self)
    }

    /// Makes the actors of `request.role` on this node, under a path of their own.
    package distributed func create(_ request: RoleRequest) throws -> PlacedRole {
        var llm: ChatClient? = nil
        if request.backend == .llm {
            guard request.role.llmRole != nil else {
                throw AgentHostError(
                    "the \(request.role.rawValue) never uses an LLM; ask for it with the expert backend")
            }
            switch chat {
            case .success(let client): llm = client
            case .failure(let why): throw why
            }
        }
        let maker = try self.maker ?? makeMaker()
        self.maker = maker
        made += 1
        let made = try maker.make(
            request.role, llm: llm, on: actorSystem, prefix: "agents/\(made)", committee: request.committee)
        actors += made.values.map(\.actor)
        return PlacedRole(actors: made.mapValues(\.id), llmWorstCaseSeconds: llm?.config.worstCaseSeconds)
    }

    /// Drops every role this host made (the driver's run ended).
    package distributed func removeAll() {
        actors.removeAll()
    }
}
