import ActorMesh
import Agents

/// The team of `plan`/`auto` while it works: the placed roles, the workflow's bounds, and the two
/// mesh systems of this process (the roles kept here, and the driver that calls every role).
struct AgentSession {
    let placed: PlacedTeam
    /// With LLM roles, each exchange may take as long as the client's worst case (every attempt
    /// timing out) plus a minute for the role's own work, instead of the mesh's 30-second default.
    let bounds: WorkflowBounds
    let home: MeshSystem
    let driver: MeshSystem

    var team: AgentTeam { placed.team }

    /// Runs `body` on the team, then gives the nodes back and shuts this process's systems down
    /// (also when `body` throws). A role that cannot be reached is reported by name and node.
    func run<T>(_ body: (AgentTeam) async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do { result = .success(try await body(team)) } catch { result = .failure(error) }
        await placed.release(using: driver)
        driver.shutdown()
        home.shutdown()
        switch result {
        case .success(let value): return value
        case .failure(let error as AgentCallFailed): throw CommandFailure("\(error)")
        case .failure(let error): throw error
        }
    }

    /// The per-role traffic of the driver's ledger: what crossed to another process is what was
    /// exchanged with a peer other than this process's two systems.
    func metering(_ outcome: WorkflowOutcome) -> RoleMetering {
        RoleMetering(
            ledger: driver.ledger.snapshot(), transcript: outcome.transcript, llm: outcome.transcript.llmUsage,
            inProcess: [home.endpoint, driver.endpoint])
    }
}
