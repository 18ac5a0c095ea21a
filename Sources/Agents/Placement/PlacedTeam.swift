import ActorMesh
import Distributed

/// A team whose roles live where an ``AgentPlacement`` put them, seen from the driver's system:
/// every exchange crosses the mesh and is metered by the driver's ledger.
package struct PlacedTeam: Sendable {
    /// The roles, resolved on the driver.
    package let team: AgentTeam
    /// The nodes roles were placed on (the endpoints dialled).
    package let nodes: [String]
    /// The longest exchange with a role on an LLM may take (nil: no role is on one).
    package let llmWorstCaseSeconds: Double?
    /// The roles made in this process; they live as long as this value.
    let local: [MadeActor]

    /// What the driver needs to place a team.
    package struct Setup: Sendable {
        package var placement: AgentPlacement
        package var backends: BackendSelection
        /// The roles kept in this process decide through this client when their backend is the LLM.
        package var localChat: ChatClient?
        /// Makes the roles kept in this process (called only if one is).
        package var localMaker: @Sendable () throws -> AgentRoleMaker
        package var input: any LineSource
        package var autoApprove: Bool
        package var show: @Sendable (String) -> Void
        /// How long a node may take to make one role (its first one probes the datasets).
        package var creationDeadline: Duration = .seconds(120)
        /// The number of committee reviewers to make (0: no committee, no reviewer is made).
        package var committee = 0

        package init(
            placement: AgentPlacement, backends: BackendSelection, localChat: ChatClient?,
            localMaker: @escaping @Sendable () throws -> AgentRoleMaker, input: any LineSource, autoApprove: Bool,
            show: @escaping @Sendable (String) -> Void
        ) {
            self.placement = placement
            self.backends = backends
            self.localChat = localChat
            self.localMaker = localMaker
            self.input = input
            self.autoApprove = autoApprove
            self.show = show
        }
    }

    /// Makes every role where `setup` places it: on `home` (this process) or through the
    /// ``AgentHost`` of its node; resolves them all on `driver`. Throws, naming the role and the
    /// node, when a node cannot be reached or cannot make its role.
    package static func place(_ setup: Setup, home: MeshSystem, driver: MeshSystem) async throws -> PlacedTeam {
        AgentHost.registerErrors()
        var ids: [String: MeshActorID] = [:]
        var local: [MadeActor] = []
        var maker: AgentRoleMaker? = nil
        var worstCase: Double? = nil
        for role in AgentRole.allCases where role.isPlaceable {
            if role == .reviewers, setup.committee == 0 { continue }
            let backend = role.llmRole.map { setup.backends.kind(for: $0) } ?? .expert
            guard let node = setup.placement.host(for: role) else {
                let here = try maker ?? setup.localMaker()
                maker = here
                let made = try here.make(
                    role, llm: backend == .llm ? setup.localChat : nil, on: home, prefix: "agents",
                    committee: setup.committee)
                local += made.values
                ids.merge(made.mapValues(\.id)) { $1 }
                continue
            }
            let placed = try await create(
                RoleRequest(role: role, backend: backend, committee: setup.committee), on: node, setup, driver)
            // The node may name itself otherwise (e.g. when it binds 0.0.0.0): keep the address dialled.
            ids.merge(placed.actors.mapValues { MeshActorID(node: node, path: $0.path) }) { $1 }
            if let seconds = placed.llmWorstCaseSeconds { worstCase = max(worstCase ?? 0, seconds) }
        }
        if let chat = setup.localChat,
            AgentRole.allCases.contains(where: { role in
                setup.placement.host(for: role) == nil && (role != .reviewers || setup.committee > 0)
                    && role.llmRole.map { setup.backends.kind(for: $0) } == .llm
            })
        {
            worstCase = max(worstCase ?? 0, chat.config.worstCaseSeconds)
        }
        let gate = try AgentTeam.makeGate(
            on: home, input: setup.input, autoApprove: setup.autoApprove, show: setup.show)
        ids["human-gate"] = gate.id
        let team = try AgentTeam(ids: ids, using: driver)
        return PlacedTeam(
            team: team, nodes: setup.placement.hosts, llmWorstCaseSeconds: worstCase,
            local: local + [MadeActor(id: gate.id, actor: gate)])
    }

    /// Asks the node at `node` for one role, within the setup's deadline.
    private static func create(_ request: RoleRequest, on node: String, _ setup: Setup, _ driver: MeshSystem)
        async throws -> PlacedRole
    {
        do {
            let host = try AgentHost.at(node, using: driver)
            return try await MeshSystem.withDeadline(setup.creationDeadline) { try await host.create(request) }
        } catch let error as AgentHostError {
            throw AgentHostError("the node at \(node) could not make the \(request.role.rawValue): \(error.message)")
        } catch {
            throw AgentHostError(
                """
                the \(request.role.rawValue) cannot be placed on \(node): \(Self.describe(error)); start it there \
                with `fedactors node --bind \(node)` (or fix --agents-on)
                """
            )
        }
    }

    /// A mesh error's message, or any other error's description.
    static func describe(_ error: any Error) -> String {
        (error as? MeshError)?.message ?? "\(error)"
    }

    /// Drops the roles made on the nodes and gives each node back (a node started without a run
    /// token serves the next run). Best effort, a few seconds at most per node.
    package func release(using driver: MeshSystem) async {
        await withTaskGroup(of: Void.self) { group in
            for node in nodes {
                group.addTask {
                    _ = try? await MeshSystem.withDeadline(.seconds(2)) {
                        try await AgentHost.at(node, using: driver).removeAll()
                        return try await NodeService.at(node, using: driver).release()
                    }
                }
            }
        }
    }
}
