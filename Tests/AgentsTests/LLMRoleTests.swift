import ActorMesh
import Agents
import FedActorsTesting
import Federation
import Foundation
import Testing

/// The LLM-capable roles against a loopback chat-completions server: a valid answer is used, an
/// invalid one is fed back and a valid retry wins, and garbage, HTTP 500 and timeouts end in the
/// expert's answer with a note saying so — always a bounded outcome, never a crash.
@Suite(.serialized) struct LLMRoleTests {
    /// One LLM role under test: how to ask it, a valid and an invalid answer, and how to tell the
    /// LLM's answer from the expert's.
    enum Role: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case reflector, supervisor, coder, debugger
        var testDescription: String { rawValue }

        var valid: String {
            switch self {
            case .reflector:
                #"{"verdict": "INCOMPLETE", "missing": ["the plan never says how unequal client sizes are weighted"]}"#
            case .supervisor:
                #"{"steps": [{"module": "task", "depends_on": [], "tasks": ["load it"]}, {"module": "strategy", "depends_on": [], "tasks": []}, {"module": "client", "depends_on": ["task"], "tasks": []}, {"module": "server", "depends_on": ["task", "client", "strategy"], "tasks": []}]}"#
            case .coder: #"Here it is: {"local_epochs": 3, "batch_size": 64, "learning_rate": 0.02, "momentum": 0.5}"#
            case .debugger:
                #"{"changes": [{"field": "client.learning_rate", "value": 0.004, "reason": "the loss blew up"}]}"#
            }
        }

        /// Valid JSON that breaks a rule, and the words of the rejection fed back.
        var invalid: (reply: String, rejection: String) {
            switch self {
            case .reflector: (#"{"verdict": "INCOMPLETE", "missing": []}"#, "must list at least one missing point")
            case .supervisor:
                (
                    #"{"steps": [{"module": "server", "depends_on": [], "tasks": []}, {"module": "task", "depends_on": [], "tasks": []}, {"module": "client", "depends_on": ["task"], "tasks": []}, {"module": "strategy", "depends_on": [], "tasks": []}]}"#,
                    "server must be the last step"
                )
            case .coder:
                (
                    #"{"local_epochs": 3, "batch_size": 64, "learning_rate": 5, "momentum": 0.5}"#,
                    "learning_rate must be in (0, 1]"
                )
            case .debugger:
                (
                    #"{"changes": [{"field": "server.rounds", "value": 3, "reason": "fewer"}]}"#,
                    "is not a field you may set"
                )
            }
        }
    }

    /// What a role answered, reduced to what the tests compare.
    struct Answer {
        var decidedBy: String
        var note: String?
        var isExperts: Bool
        var isLLMs: Bool
        var exchange: LLMExchange?
    }

    func ask(_ role: Role, _ client: ChatClient) async throws -> Answer {
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let expert = try LLMTestKit.expert()
        let plan = expert.plan(LLMTestKit.request)
        switch role {
        case .reflector:
            let agent = ReflectorAgent(actorSystem: system, expert: expert, llm: client)
            let d = try await agent.reflect(plan)
            return Answer(
                decidedBy: d.decidedBy, note: d.note, isExperts: d.value == expert.reflect(on: plan),
                isLLMs: d.value == .incomplete(missing: ["the plan never says how unequal client sizes are weighted"]),
                exchange: d.llm)
        case .supervisor:
            let agent = SupervisorAgent(actorSystem: system, expert: expert, llm: client)
            let d = try await agent.blueprint(plan)
            return Answer(
                decidedBy: d.decidedBy, note: d.note, isExperts: d.value == expert.blueprint(for: plan),
                isLLMs: d.value.steps.map(\.module) == [.task, .strategy, .client, .server]
                    && d.value.steps[0].tasks == ["load it"], exchange: d.llm)
        case .coder:
            let chooser = try #require(AgentTestKit.chooser)
            let assignment = ModuleAssignment(plan: plan, draft: nil, failures: [])
            let rules = try await ModuleCoderAgent(
                actorSystem: system, module: .client, chooser: chooser, capabilities: LLMTestKit.capabilities
            ).write(assignment)
            let agent = ModuleCoderAgent(
                actorSystem: system, module: .client, chooser: chooser, capabilities: LLMTestKit.capabilities,
                llm: client)
            let d = try await agent.write(assignment)
            let c = d.value.client
            let llmClient = c.localEpochs == 3 && c.batchSize == 64 && c.learningRate == 0.02 && c.momentum == 0.5
            return Answer(
                decidedBy: d.decidedBy, note: d.note, isExperts: d.value == rules.value,
                isLLMs: llmClient && d.value.task == rules.value.task && d.value.server == rules.value.server,
                exchange: d.llm)
        case .debugger:
            var spec = try #require(ExpertPlannerFixture.spec(for: plan, expert: expert))
            spec.client.learningRate = 2
            let diagnosis = Diagnosis(
                issues: [.init(level: .l2Semantics, finding: .diverged, detail: "the training loss grew to 1e9")],
                accuracy: 0.1)
            let agent = DebuggerAgent(actorSystem: system, capabilities: LLMTestKit.capabilities, llm: client)
            let d = try await agent.patch(spec, diagnosis: diagnosis)
            let rules = ExpertDebugger().patch(spec, for: diagnosis)
            return Answer(
                decidedBy: d.decidedBy, note: d.note, isExperts: d.value?.spec == rules?.spec && d.value != nil,
                isLLMs: d.value?.spec.client.learningRate == 0.004
                    && d.value?.changes.first?.contains("client.learning_rate 2") == true, exchange: d.llm)
        }
    }

    @Test(arguments: Role.allCases) func validAnswerIsUsed(role: Role) async throws {
        let server = try LoopbackHTTPServer(replies: [.status(200, LoopbackHTTPServer.completion(role.valid))])
        defer { server.stop() }

        let answer = try await ask(role, LLMTestKit.client(server))

        #expect(answer.decidedBy == "llm" && answer.note == nil)
        #expect(answer.isLLMs, "the role did not take the model's answer")
        #expect(answer.exchange?.usage.calls == 1 && answer.exchange?.usage.tokens == 18)
        // The transcript keeps the whole conversation: our system prompt, the user prompt, the raw reply.
        let messages = try #require(answer.exchange?.messages)
        #expect(messages.map(\.role) == ["system", "user", "assistant"])
        #expect(messages.last?.content == role.valid)
        #expect(server.requests.first?.contains("json_schema") == true)
    }

    @Test(arguments: Role.allCases) func invalidThenValidFeedsTheRejectionBack(role: Role) async throws {
        let server = try LoopbackHTTPServer(replies: [
            .status(200, LoopbackHTTPServer.completion(role.invalid.reply)),
            .status(200, LoopbackHTTPServer.completion(role.valid)),
        ])
        defer { server.stop() }
        let recorder = PauseRecorder()

        let answer = try await ask(role, LLMTestKit.client(server, pause: recorder.pause))

        #expect(answer.decidedBy == "llm" && answer.isLLMs)
        #expect(answer.exchange?.usage.calls == 2)
        #expect(
            answer.exchange?.failures.count == 1
                && answer.exchange?.failures.first?.contains(role.invalid.rejection) == true)
        let second = LLMTestKit.messages(of: try #require(server.requests.last))
        #expect(
            second.last?.content.contains(role.invalid.rejection) == true,
            "the rejection was not fed back: \(second.last?.content ?? "")")
        #expect(second.contains { $0.role == "assistant" && $0.content == role.invalid.reply })
        #expect(recorder.recorded.count == 1 && answer.exchange?.backoffSeconds == recorder.recorded)
    }

    @Test(arguments: Role.allCases) func garbageFallsBackToTheExpert(role: Role) async throws {
        let server = try LoopbackHTTPServer(replies: [
            .garbage("\u{1}\u{2}not http\r\n\r\n"), .status(200, LoopbackHTTPServer.completion("no JSON here")),
        ])
        defer { server.stop() }

        let answer = try await ask(role, LLMTestKit.client(server, attempts: 2))

        #expect(answer.decidedBy == "expert (fallback)" && answer.isExperts)
        #expect(answer.note?.contains("the embedded expert's answer stands") == true)
        #expect(answer.exchange?.usage.calls == 2 && answer.exchange?.failures.count == 2)
    }

    @Test(arguments: Role.allCases) func http500FallsBackToTheExpert(role: Role) async throws {
        let server = try LoopbackHTTPServer(replies: [.status(500, #"{"error": "overloaded"}"#)])
        defer { server.stop() }
        let recorder = PauseRecorder()

        let answer = try await ask(role, LLMTestKit.client(server, attempts: 3, pause: recorder.pause))

        #expect(answer.decidedBy == "expert (fallback)" && answer.isExperts)
        #expect(answer.note?.contains("HTTP 500") == true)
        #expect(server.requests.count == 3 && recorder.recorded.count == 2)
        #expect(answer.exchange?.messages.filter { $0.role == "error" }.count == 3)
    }

    @Test(arguments: Role.allCases) func timeoutFallsBackWithinItsBound(role: Role) async throws {
        let server = try LoopbackHTTPServer(replies: [.unanswered])
        defer { server.stop() }
        let started = ContinuousClock.now

        let answer = try await ask(role, LLMTestKit.client(server, timeout: 0.25, attempts: 2))

        #expect(answer.decidedBy == "expert (fallback)" && answer.isExperts)
        #expect(answer.note?.contains("timeout") == true)
        // The server never answers: the timeout ended each attempt; the bound only catches a hang (a
        // loaded 2-core machine took 6.5 s for what takes 0.6 s idle).
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}

/// The expert's spec for a plan, as the coders would write it module by module.
enum ExpertPlannerFixture {
    static func spec(for plan: Plan, expert: ExpertPlanner) -> FederationSpec? {
        let (analysis, choice) = expert.chooser.choose(for: plan.request)
        return SpecComposer().compose(name: "fixture", analysis, choice)
    }
}
