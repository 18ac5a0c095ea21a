import ActorMesh
import Agents
import Federation
import Synchronization
import Topology

/// A gate input that answers from a script, then reports end of input.
final class ScriptedInput: LineSource, Sendable {
    private let lines: Mutex<[String]>
    init(_ lines: [String]) { self.lines = Mutex(lines) }
    func readLine() -> String? { lines.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
    var remaining: Int { lines.withLock { $0.count } }
}

/// A team of agents on a fresh loopback mesh system, deciding with the embedded expert unless given LLM backends.
enum AgentTestKit {
    static let chooser: MethodChooser? = try? MethodChooser(catalog: MethodCatalog.bundled())

    static func system() throws -> MeshSystem {
        try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
    }

    static func team(
        on system: MeshSystem, input: any LineSource = ScriptedInput([]), autoApprove: Bool = true,
        backends: RoleBackends = RoleBackends(), committee: Int = 0
    ) throws -> AgentTeam {
        guard let chooser else { throw TestSetupError() }
        return try AgentTeam.start(
            on: system, chooser: chooser, factory: LearningTrainerFactory(),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) },
            input: input, autoApprove: autoApprove, show: { _ in }, backends: backends, committee: committee)
    }

    struct TestSetupError: Error, CustomStringConvertible {
        var description: String { "the bundled method catalog did not load" }
    }
}
