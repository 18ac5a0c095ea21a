import ActorMesh
import Agents
import ArgumentParser
import Federation
import Foundation

/// The arguments `plan` and `auto` share, and the team of agents they start.
struct AgentOptions: ParsableArguments {
    @Argument(help: "The request, in plain language (e.g. \"FedAvg with a 2NN on Fashion-MNIST across 20 phones\").")
    var request: String

    @Option(
        help: ArgumentHelp(
            "Who decides for each LLM-capable role: expert (embedded, offline, deterministic) or llm.",
            discussion: """
                A bare value sets every LLM-capable role (planner, reflector, supervisor, coders, debugger): \
                --backend llm. role=backend sets one, and items combine, later ones winning: \
                --backend planner=llm,debugger=expert or --backend llm,debugger=expert. Roles not named use the \
                expert; openai is accepted for llm. The testers and the evaluator execute real checks and are \
                always deterministic. llm reaches an OpenAI-compatible server from FEDACTORS_LLM_BASE_URL, \
                FEDACTORS_LLM_MODEL, FEDACTORS_LLM_API_KEY, FEDACTORS_LLM_TIMEOUT and FEDACTORS_LLM_ATTEMPTS, and falls back to the \
                expert, saying so, when the server fails or keeps answering invalidly. \
                Values: \(BackendKind.allCases.map(\.rawValue).joined(separator: ", ")) (openai for llm), or ROLE=BACKEND items with ROLE one of \
                \(LLMRole.allCases.map(\.rawValue).joined(separator: ", ")).
                """,
            valueName: "backend"),
        transform: { text in
            do { return try BackendSelection.parse(text) } catch { throw ValidationError("\(error)") }
        })
    var backend = BackendSelection()

    @Flag(help: "Approve the plan without asking (for scripts and CI).")
    var yes = false

    /// The LLM client's configuration from the environment (nil without `FEDACTORS_LLM_BASE_URL`).
    var chatConfig: ChatConfig? {
        get throws {
            do { return try ChatConfig.fromEnvironment() } catch { throw ValidationError(error.message) }
        }
    }

    func validate() throws {
        let roles = backend.llmRoles
        if !roles.isEmpty, try chatConfig == nil {
            throw ValidationError(
                "--backend puts \(roles.map(\.rawValue).joined(separator: ", ")) on an LLM, which needs FEDACTORS_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1) and FEDACTORS_LLM_MODEL"
            )
        }
        if request.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the request is empty; describe the system to build")
        }
    }

    /// The workflow's bounds: with LLM roles, each exchange may take as long as the client's worst
    /// case (every attempt timing out) plus a minute for the role's own work, instead of the mesh's
    /// 30-second default.
    func bounds() throws -> WorkflowBounds {
        var bounds = WorkflowBounds()
        if let config = try chatConfig, !backend.llmRoles.isEmpty {
            bounds.callDeadline = .seconds(max(30, config.worstCaseSeconds + 60))
        }
        return bounds
    }

    /// The roles on their own mesh system, driven from a second one, so every exchange crosses the
    /// mesh and is metered by `driver`'s ledger. Keep `local` alive while the team works: the roles
    /// live as long as it does.
    func startTeam() throws -> (team: AgentTeam, local: AgentTeam, home: MeshSystem, driver: MeshSystem) {
        try Self.startTeam(
            autoApprove: yes,
            backends: try chatConfig.map { RoleBackends(backend, client: ChatClient(config: $0)) } ?? RoleBackends())
    }

    /// A team as ``startTeam()`` starts it, for commands without a request argument (`bench`).
    static func startTeam(autoApprove: Bool, backends: RoleBackends) throws -> (
        team: AgentTeam, local: AgentTeam, home: MeshSystem, driver: MeshSystem
    ) {
        let home = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        let driver = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        let team = try AgentTeam.start(
            on: home, chooser: try MethodChooser(catalog: MethodCatalog.bundled()), factory: LearningTrainerFactory(),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) },
            input: StandardInput(), autoApprove: autoApprove, show: { print($0) }, backends: backends)
        return (try team.resolved(using: driver), team, home, driver)
    }
}

/// Prints why a workflow stopped, and the exit code that says so (0 ready, 3 needs answers or a human, 4 aborted).
func finish(_ status: WorkflowStatus) throws {
    switch status {
    case .ready: return
    case .needsAnswers(let questions):
        print("the request misses essentials; answer these and run again:")
        for q in questions { print("  - \(q)") }
        throw ExitCode(3)
    case .aborted:
        print("aborted at the gate")
        throw ExitCode(4)
    case .needsHuman(let why):
        print("needs a human: \(why)")
        throw ExitCode(3)
    }
}
