import ActorMesh
import Agents
import ArgumentParser
import Federation
import Foundation
import Topology

/// The arguments `plan` and `auto` share, and the team of agents they start.
struct AgentOptions: ParsableArguments {
    @Argument(help: "The request, in plain language (e.g. \"FedAvg with a 2NN on Fashion-MNIST across 20 phones\").")
    var request: String

    @Option(
        help: ArgumentHelp(
            "Who decides for each LLM-capable role: expert (embedded, offline, deterministic) or llm.",
            discussion: """
                A bare value sets every LLM-capable role (planner, reflector, supervisor, coders, debugger, and auto's harmonizer and committee reviewers): \
                --backend llm. role=backend sets one, and items combine, later ones winning: \
                --backend planner=llm,debugger=expert or --backend llm,debugger=expert. Roles not named use the \
                expert; openai is accepted for llm. The testers and the evaluator execute real checks and are \
                always deterministic. llm reaches an OpenAI-compatible server from FEDACTORS_LLM_BASE_URL, \
                FEDACTORS_LLM_MODEL, FEDACTORS_LLM_API_KEY, FEDACTORS_LLM_TIMEOUT and FEDACTORS_LLM_ATTEMPTS, and \
                falls back to the \
                expert, saying so, when the server fails or keeps answering invalidly. \
                Values: \(BackendKind.allCases.map(\.rawValue).joined(separator: ", ")) (openai for llm), or \
                ROLE=BACKEND items with ROLE one of \
                \(LLMRole.allCases.map(\.rawValue).joined(separator: ", ")).
                """,
            valueName: "backend"),
        transform: { text in
            do { return try BackendSelection.parse(text) } catch { throw ValidationError("\(error)") }
        })
    var backend = BackendSelection()

    @Flag(help: "Approve the plan without asking (for scripts and CI).")
    var yes = false

    @Option(
        name: .customLong("agents-on"),
        help: ArgumentHelp(
            """
            Where the agent roles live: the first HOST takes every role, ROLE=HOST moves one (default: all in this \
            process).
            """,
            discussion: """
                HOST is the endpoint of a node started with `fedactors node` (host:port or tcp://host:port, as its \
                READY line prints it), or local for this process: --agents-on 127.0.0.1:7001 puts every role on one \
                node; --agents-on 127.0.0.1:7001,planner=127.0.0.1:7002,evaluator=local mixes. ROLE is one of \
                \(AgentRole.allCases.filter(\.isPlaceable).map(\.rawValue).joined(separator: ", ")); the \
                human-gate always stays here, at this terminal. A role set to llm by --backend on a node asks the \
                OpenAI-compatible server of that node's own environment (FEDACTORS_LLM_BASE_URL, \
                FEDACTORS_LLM_MODEL…), \
                so put the LLM roles on the machine that serves the model. A node started with --run-token serves \
                only the run whose FEDACTORS_RUN_TOKEN this process has; a node started without one is claimed for \
                this run and given back at the end. Every exchange crosses the mesh, and auto's agent traffic \
                table shows the bytes each role exchanged with another process (cross-proc) and its node.
                """,
            valueName: "host[,role=host…]"),
        transform: { text in
            do { return try AgentPlacement.parse(text) } catch { throw ValidationError("\(error)") }
        })
    var agentsOn = AgentPlacement()

    /// The LLM client's configuration from the environment (nil without `FEDACTORS_LLM_BASE_URL`).
    var chatConfig: ChatConfig? {
        get throws {
            do { return try ChatConfig.fromEnvironment() } catch { throw ValidationError(error.message) }
        }
    }

    /// The roles set to the LLM that stay in this process (the others use their node's endpoint).
    var localLLMRoles: [LLMRole] {
        backend.llmRoles.filter { role in AgentRole(role).flatMap { agentsOn.host(for: $0) } == nil }
    }

    func validate() throws {
        let roles = localLLMRoles
        if !roles.isEmpty, try chatConfig == nil {
            throw ValidationError(
                """
                --backend puts \(roles.map(\.rawValue).joined(separator: ", ")) on an LLM in this process, which \
                needs FEDACTORS_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1) and FEDACTORS_LLM_MODEL
                """
            )
        }
        if request.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the request is empty; describe the system to build")
        }
    }

    /// The run token of the agents' mesh: FEDACTORS_RUN_TOKEN (the token the nodes were started
    /// with), else a fresh one, which claims nodes started without a token for this run.
    func runToken() throws -> RunToken {
        let text = ProcessInfo.processInfo.environment[RunLauncher.runTokenVariable] ?? ""
        guard !text.isEmpty else { return RunToken.random() }
        do { return try RunToken(parsing: text) } catch {
            throw ValidationError("\(RunLauncher.runTokenVariable): \(error.message)")
        }
    }

    /// Starts the team where `--agents-on` places it: the roles kept here on their own mesh system,
    /// driven from a second one, so every exchange crosses the mesh and is metered by the driver's ledger.
    /// `committee` reviewers are made too (`auto --committee`; 0: none).
    func startTeam(committee: Int = 0) async throws -> AgentSession {
        var settings = MeshSettings()
        settings.runToken = try runToken()
        let home = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"), settings: settings)
        let driver = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"), settings: settings)
        let setup = PlacedTeam.Setup(
            placement: agentsOn, backends: backend, localChat: try chatConfig.map { ChatClient(config: $0) },
            localMaker: {
                AgentRoleMaker(
                    chooser: try MethodChooser(catalog: MethodCatalog.bundled()), factory: LearningTrainerFactory(),
                    makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })
            }, input: StandardInput(), autoApprove: yes,
            // Flushed: the plan and the question must be seen before the gate waits for an answer,
            // also when standard output is a pipe (`| tee`).
            show: { printLive($0) })
        var withCommittee = setup
        withCommittee.committee = committee
        do {
            let placed = try await PlacedTeam.place(withCommittee, home: home, driver: driver)
            var bounds = WorkflowBounds()
            if let seconds = placed.llmWorstCaseSeconds {
                bounds.callDeadline = .seconds(max(30, seconds + 60))
            }
            return AgentSession(placed: placed, bounds: bounds, home: home, driver: driver)
        } catch {
            driver.shutdown()
            home.shutdown()
            throw CommandFailure("\(error)")
        }
    }

    /// A team of the embedded roles in this process (no `--agents-on`), for commands without agent
    /// options (`bench`). Keep `local` alive while the team works: the roles live as long as it does.
    static func startTeam(autoApprove: Bool, backends: RoleBackends) throws -> (
        team: AgentTeam, local: AgentTeam, home: MeshSystem, driver: MeshSystem
    ) {
        let home = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        let driver = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        let team = try AgentTeam.start(
            on: home, chooser: try MethodChooser(catalog: MethodCatalog.bundled()), factory: LearningTrainerFactory(),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) },
            input: StandardInput(), autoApprove: autoApprove, show: { printLive($0) }, backends: backends)
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
