import Agents
import Testing

/// `--backend` parsing: all roles at once, one role at a time, mixes, and clear errors.
@Suite struct BackendSelectionTests {
    @Test func bareBackendSetsEveryLLMRole() throws {
        #expect(try BackendSelection.parse("llm").llmRoles == LLMRole.allCases)
        #expect(try BackendSelection.parse("openai").llmRoles == LLMRole.allCases)
        #expect(try BackendSelection.parse("expert").llmRoles.isEmpty)
    }

    @Test func rolesCanBeMixedAndLaterItemsWin() throws {
        let mixed = try BackendSelection.parse("planner=llm,debugger=expert")
        #expect(mixed.kind(for: .planner) == .llm && mixed.kind(for: .debugger) == .expert)
        #expect(mixed.kind(for: .reflector) == .expert, "an unnamed role uses the expert")
        let allButDebugger = try BackendSelection.parse("llm, debugger=expert")
        #expect(allButDebugger.llmRoles == [.planner, .reflector, .supervisor, .coders, .harmonizer, .reviewers])
    }

    @Test func unknownRoleOrBackendIsAClearError() {
        #expect(throws: BackendSelectionError.unknownRole("planer")) { try BackendSelection.parse("planer=llm") }
        #expect(throws: BackendSelectionError.unknownBackend("gpt", "debugger=gpt")) {
            try BackendSelection.parse("debugger=gpt")
        }
        #expect(throws: BackendSelectionError.empty("llm,")) { try BackendSelection.parse("llm,") }
        do {
            _ = try BackendSelection.parse("evaluator=llm")
            Issue.record("the evaluator was put on an LLM")
        } catch {
            #expect(
                error.description.contains("runs a real trial")
                    && error.description.contains("planner, reflector, supervisor, coders, debugger"))
        }
    }

    @Test func selectionGivesAClientOnlyToTheLLMRoles() throws {
        let client = ChatClient(config: ChatConfig(baseURL: "http://127.0.0.1:9/v1", model: "m"))
        let backends = RoleBackends(try BackendSelection.parse("planner=llm,coders=llm"), client: client)
        #expect(Set(backends.clients.keys) == [.planner, .coders])
    }
}
