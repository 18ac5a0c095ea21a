import ActorMesh
import FedActorsTesting
import Foundation
import Testing

/// `fedactors plan|auto --agents-on`: the agent roles on `fedactors node` processes, every exchange
/// over real ZeroMQ on 127.0.0.1.
@Suite(.serialized) struct AgentPlacementCommandTests {
    static let request = AgentCommandTests.request
    static let llmRoles = ["planner", "reflector", "supervisor", "coders", "debugger"]

    /// A `fedactors node` child on a free port of 127.0.0.1, with `environment` added to its own.
    func node(_ environment: [String: String] = [:]) async throws -> NodeProcess {
        try await NodeProcess.launch(
            executable: try Executables.url("fedactors"), arguments: ["node", "--bind", "tcp://127.0.0.1:0"],
            environment: environment)
    }

    /// The rows of `agents.json` in `dir`, by role.
    func meteringRows(in dir: URL) throws -> [String: [String: Any]] {
        let agents =
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("agents.json")))
            as? [String: Any]
        let rows = agents?["rows"] as? [[String: Any]] ?? []
        return Dictionary(rows.map { ($0["role"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func autoRunsWithTheLLMRolesOnOneNodeAndTheRestOnAnother() async throws {
        let llmNode = try await node(), otherNode = try await node()
        defer { llmNode.kill(); otherNode.kill() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-placed-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The default in host:port form, the LLM roles by their tcp:// endpoint.
        let placement =
            [String(otherNode.endpoint.dropFirst("tcp://".count))]
            + Self.llmRoles.map { "\($0)=\(llmNode.endpoint)" }

        let result = try await DemoCommandTests().run([
            "auto", Self.request, "--yes", "--rounds", "1", "--out", dir.path,
            "--agents-on", placement.joined(separator: ","),
        ])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("final accuracy"))
        #expect(result.stdout.contains("cross-proc"))
        let rows = try meteringRows(in: dir)
        // The debugger is called only when the trial needs a patch: every other role always is.
        let called = ["planner", "reflector", "supervisor", "coders", "testers", "evaluator"]
        #expect(Set(called).isSubset(of: rows.keys), "\(rows.keys)")
        for (role, row) in rows where role != "human-gate" {
            let expected = Self.llmRoles.contains(role) ? llmNode.endpoint : otherNode.endpoint
            #expect(row["node"] as? String == expected, "\(role) ran on \(row["node"] ?? "?")")
            #expect((row["crossProcessBytes"] as? Int ?? 0) > 0, "\(role) crossed no process")
            #expect(row["crossProcessBytes"] as? Int == row["bytes"] as? Int, "\(role): all its traffic is remote")
        }
        let gate = try #require(rows["human-gate"])
        #expect(gate["node"] as? String == "local" && gate["crossProcessBytes"] as? Int == 0)
        #expect(llmNode.isRunning && otherNode.isRunning, "the nodes serve on after the run")
    }

    @Test func theLLMRolesAskTheEndpointOfTheirNodesEnvironment() async throws {
        let server = try LoopbackHTTPServer(replies: [.status(500, #"{"error": "down"}"#)])
        defer { server.stop() }
        let llmNode = try await node([
            "FEDACTORS_LLM_BASE_URL": server.baseURL, "FEDACTORS_LLM_MODEL": "test", "FEDACTORS_LLM_ATTEMPTS": "1",
            "FEDACTORS_LLM_TIMEOUT": "5",
        ])
        defer { llmNode.kill() }

        // No endpoint in the CLI's environment: the planner and reflector on the node use the node's.
        let result = try await DemoCommandTests().run(
            [
                "plan", Self.request, "--yes", "--backend", "planner=llm,reflector=llm",
                "--agents-on", "local,planner=\(llmNode.endpoint),reflector=\(llmNode.endpoint)",
            ], removing: ["FEDACTORS_LLM_BASE_URL", "FEDACTORS_LLM_MODEL"])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("approved plan"))
        #expect(result.stdout.contains("expert's answer stands"), "the fallback of the node's LLM is said here")
        #expect(server.requests.count == 2, "the planner and the reflector each asked the node's endpoint once")
    }

    @Test func anLLMRoleOnANodeWithoutAnEndpointIsRefusedNamingTheNode() async throws {
        let bare = try await node()
        defer { bare.kill() }

        let result = try await DemoCommandTests().run(
            ["plan", Self.request, "--yes", "--backend", "debugger=llm", "--agents-on", bare.endpoint],
            removing: ["FEDACTORS_LLM_BASE_URL", "FEDACTORS_LLM_MODEL"])

        #expect(result.status == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(
            result.stderr.contains("the node at \(bare.endpoint) could not make the debugger")
                && result.stderr.contains("FEDACTORS_LLM_BASE_URL"), "\(result.stderr)")
    }

    @Test func aNodeServesTheRunWhoseTokenItHasAndAnOpenNodeIsGivenBack() async throws {
        let token = RunToken.random().description
        let bound = try await NodeProcess.launch(
            executable: try Executables.url("fedactors"),
            arguments: ["node", "--bind", "tcp://127.0.0.1:0", "--run-token", token])
        let open = try await node()
        defer { bound.kill(); open.kill() }

        // Another run (a fresh token) is refused by the node started for run `token`, naming role and node.
        let foreign = try await DemoCommandTests().run(
            ["plan", Self.request, "--yes", "--agents-on", "local,planner=\(bound.endpoint)"],
            removing: ["FEDACTORS_RUN_TOKEN"])
        #expect(foreign.status == 1, "stdout: \(foreign.stdout)")
        #expect(
            foreign.stderr.contains("the planner cannot be placed on \(bound.endpoint)")
                && foreign.stderr.contains("serves another run"), "\(foreign.stderr)")

        // The run with that token is served; the open node is claimed by it and given back at the end,
        // so the next run (another fresh token) is served too.
        let own = try await DemoCommandTests().run(
            ["plan", Self.request, "--yes", "--agents-on", "\(open.endpoint),planner=\(bound.endpoint)"],
            environment: ["FEDACTORS_RUN_TOKEN": token])
        #expect(own.status == 0, "stdout: \(own.stdout) stderr: \(own.stderr)")
        let next = try await DemoCommandTests().run(
            ["plan", Self.request, "--yes", "--agents-on", open.endpoint], removing: ["FEDACTORS_RUN_TOKEN"])
        #expect(next.status == 0, "stdout: \(next.stdout) stderr: \(next.stderr)")
    }

    @Test func anUnknownRoleAndAnUnreachableHostAreClearErrors() async throws {
        let unknown = try await DemoCommandTests().run(
            ["plan", Self.request, "--yes", "--agents-on", "127.0.0.1:7001,planer=127.0.0.1:7002"])
        #expect(unknown.status != 0, "stdout: \(unknown.stdout)")
        #expect(unknown.stderr.contains("unknown role \"planer\""), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("planner, reflector, human-gate, supervisor, coders, testers"))

        let closed = try ClosedPort()
        let unreachable = try await DemoCommandTests().run(
            ["plan", Self.request, "--yes", "--agents-on", "local,reflector=127.0.0.1:\(closed.number)"])
        #expect(unreachable.status == 1, "stdout: \(unreachable.stdout)")
        #expect(
            unreachable.stderr.contains("the reflector cannot be placed on tcp://127.0.0.1:\(closed.number)"),
            "\(unreachable.stderr)")
        #expect(!unreachable.stdout.contains("approved plan"))
    }

    /// The node of the testers and the evaluator dies while the plan waits at the human gate (no
    /// `--yes`), so before any of them is called however slowly the machine runs: once approved, the
    /// run fails naming the role and the node.
    @Test func aNodeThatDiesMidWorkflowFailsTheRunNamingTheRoleAndNode() async throws {
        let node = try await node()
        defer { node.kill() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-dead-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let auto = try LiveCommand(
            [
                "auto", Self.request, "--rounds", "1", "--out", dir.path, "--agents-on",
                "local,evaluator=\(node.endpoint),testers=\(node.endpoint)",
            ], input: true)

        // The roles are placed before the plan is shown, and nothing goes on until the gate is answered.
        let asked = await auto.line(within: .seconds(120)) { $0.hasPrefix("Approve this plan?") }
        #expect(asked != nil, "stdout: \(auto.stdout) stderr: \(auto.stderr)")
        node.kill()
        #expect(await node.waitForExit(timeout: .seconds(30)) != nil, "the node outlived its kill")
        try auto.type("y")
        let status = await auto.wait(within: .seconds(120))

        #expect(status == 1, "stdout: \(auto.stdout) stderr: \(auto.stderr)")
        let said = auto.stderr
        #expect(said.contains("on \(node.endpoint) cannot be reached"), "\(said)")
        #expect(said.contains("the tester-") || said.contains("the evaluator"), "\(said)")
        #expect(!auto.stdout.contains { $0.contains("final accuracy") })
    }
}
