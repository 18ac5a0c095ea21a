import ActorMesh
import Distributed
import Federation
import Topology

/// The data stages as `fedactors run` and `launch` perform them before round 1 of a `messy:`
/// topology: each client's data agent is made on the client's own node (which builds the client's
/// messy data), the server data agent and the human gate beside the FL server on `coordinator`, and
/// the four stages driven from there, so the FL server's ledger meters every message the stages put
/// on the mesh. Nobody answers the gate during a run: a label the harmonizer is unsure of takes its
/// proposal when the plan ``RunPlan/acceptsLabelProposals`` (`--yes`), else its samples are left out.
package struct RunDataStages: RunDataPreparer {
    /// The gate's path on the FL server's node.
    package static let gatePath = "agents/data-gate"

    /// The OpenAI-compatible client of this process, for a plan whose harmonizer asks the LLM; or why
    /// this process has none.
    let llm: Result<ChatClient, AgentHostError>?

    /// - Parameter llm: this process's LLM client (or why there is none), asked only by a plan with
    ///   ``RunPlan/harmonizerAsksLLM``; nil: none configured.
    package init(llm: Result<ChatClient, AgentHostError>? = nil) {
        self.llm = llm
    }

    /// The LLM client `FEDACTORS_LLM_*` in this process's environment name, or why there is none
    /// (`process` says whose environment it is).
    package static func environmentChat(of process: String) -> Result<ChatClient, AgentHostError> {
        do {
            guard let config = try ChatConfig.fromEnvironment() else {
                return .failure(
                    AgentHostError(
                        """
                        \(process) has no LLM endpoint: start it with FEDACTORS_LLM_BASE_URL and FEDACTORS_LLM_MODEL \
                        in its environment, or leave the harmonizer offline
                        """
                    ))
            }
            return .success(ChatClient(config: config))
        } catch {
            return .failure(AgentHostError("\(process) has invalid LLM settings: \(error.message)"))
        }
    }

    /// The harmonizer's LLM for `plan`: nil when the plan stays offline; refused when it asks for one
    /// and this process has none.
    func harmonizerLLM(_ plan: RunPlan) throws -> ChatClient? {
        guard plan.harmonizerAsksLLM else { return nil }
        switch llm {
        case .success(let client): return client
        case .failure(let why):
            throw FederationError(.invalidSetting, "--backend harmonizer=llm: \(why.message)")
        case nil:
            throw FederationError(
                .invalidSetting,
                """
                --backend harmonizer=llm: the process that runs the FL server has no LLM endpoint \
                (FEDACTORS_LLM_BASE_URL, FEDACTORS_LLM_MODEL): set them there, or leave the harmonizer offline
                """
            )
        }
    }

    package func prepare(
        _ plan: RunPlan, coordinator: MeshSystem, endpoints: [String: String],
        announce: @escaping @Sendable (String) -> Void
    ) async throws -> PreparedClients {
        guard let messy = plan.spec.messy else {
            throw FederationError(
                .invalidSetting, "topology \(plan.spec.name) has no messy: section: no data to prepare")
        }
        let gate = try coordinator.makeActor(named: Self.gatePath) {
            HumanGateAgent(
                actorSystem: coordinator, input: NoAnswers(), autoApprove: plan.acceptsLabelProposals,
                show: { announce("gate: " + $0) })
        }
        let task = DataTask(sampleShape: [1, 28, 28], classes: messy.taskClasses)
        let llm = try harmonizerLLM(plan)
        let server = try coordinator.makeActor(named: ServerDataAgent.path) {
            ServerDataAgent(actorSystem: coordinator, task: task, gate: gate, llm: llm)
        }
        defer { withExtendedLifetime((gate, server)) {} }
        announce("data stages: \(plan.spec.clientCount) clients' data agents on their nodes")
        let clients = try await DataAgentPlacement.start(
            messy, seed: plan.spec.seed, totalClients: plan.spec.clientCount,
            placement: try Self.placement(plan, endpoints: endpoints), from: coordinator)
        var transcript: [TranscriptEntry] = []
        let outcome = try await DataStages(server: server, clients: clients, progress: announce).run(&transcript)
        announce("data-stage transcript:")
        for entry in transcript { announce("  [\(entry.stage)] \(entry.role): \(entry.summary)") }
        announce("data-stage traffic (metered by the FL server's ledger):")
        for line in DataStageTraffic(ledger: coordinator.ledger.snapshot()).table().split(separator: "\n") {
            announce("  " + line)
        }
        var prepared = outcome.preparedClients
        prepared.transcript = transcript.map(PreparedClients.StageLine.init)
        return prepared
    }

    /// Node endpoint → the ids of the clients it hosts.
    static func placement(_ plan: RunPlan, endpoints: [String: String]) throws -> [String: [Int]] {
        var placement: [String: [Int]] = [:]
        for (host, ids) in plan.clientsByHost {
            guard let endpoint = endpoints[host] else {
                throw FederationError(.invalidSetting, "host \(host) holds clients \(ids) but has no node")
            }
            placement[endpoint, default: []] += ids
        }
        return placement
    }
}

/// The gate's input when nobody is there to answer: every question meets the end of the input.
package struct NoAnswers: LineSource {
    package init() {}
    package func readLine() -> String? { nil }
}
