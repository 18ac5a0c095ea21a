import Agents
import FedActorsTesting
import Federation
import Foundation
import Testing

/// Per-role backends: the planner's strategy choice through an LLM (a loopback chat-completions
/// server), falling back to the expert, saying so, when the endpoint fails.
@Suite(.serialized) struct BackendTests {
    static let request =
        "A 2NN on Fashion-MNIST across 8 phones whose label distributions differ, measured by global accuracy."

    func backend(_ server: LoopbackHTTPServer) -> ChatBackend {
        ChatBackend(
            client: ChatClient(
                config: ChatConfig(baseURL: server.baseURL, model: "test", timeoutSeconds: 2, attempts: 2)))
    }

    @Test func llmChoiceOutsideTheOptionsIsRejectedThenAValidOneWins() async throws {
        let server = try LoopbackHTTPServer(replies: [
            .status(200, LoopbackHTTPServer.completion(#"{"choice": "not-a-strategy"}"#)),
            .status(200, LoopbackHTTPServer.completion(#"{"choice": "fedprox"}"#)),
        ])
        defer { server.stop() }
        let question = DecisionQuestion(
            role: "planner", question: "Which strategy?", request: Self.request,
            options: ["fedavg", "fedprox"], expertChoice: "fedavg")

        let decision = await backend(server).decide(question)

        #expect(decision.choice == "fedprox" && decision.decidedBy == "llm" && decision.note == nil)
        #expect(decision.usage.calls == 2 && decision.usage.tokens == 36)
        #expect(server.requests.last?.contains("is not one of") == true)
    }

    @Test func failingEndpointFallsBackToTheExpertAndSaysSo() async throws {
        let server = try LoopbackHTTPServer(replies: [.status(500, "{}")])
        defer { server.stop() }
        let question = DecisionQuestion(
            role: "planner", question: "Which strategy?", request: Self.request,
            options: ["fedavg", "fedprox"], expertChoice: "fedavg")

        let decision = await backend(server).decide(question)

        #expect(decision.choice == "fedavg" && decision.decidedBy == "expert (fallback)")
        #expect(decision.note?.contains("the embedded expert's answer stands") == true)
        #expect(decision.usage.calls == 2)
    }

    @Test func workflowWithAnLLMPlannerBuildsItsChoice() async throws {
        let server = try LoopbackHTTPServer(replies: [
            .status(200, LoopbackHTTPServer.completion(#"{"choice": "fedprox"}"#))
        ])
        defer { server.stop() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let team = try AgentTestKit.team(on: system, backends: RoleBackends([.planner: backend(server).client]))

        let outcome = try await AgentWorkflow(team: team).run(Self.request)

        #expect(outcome.status == .ready, "\(outcome.status)")
        #expect(outcome.plan?.decision?.decidedBy == "llm")
        #expect(outcome.spec?.strategy.name == "fedprox")
    }
}
