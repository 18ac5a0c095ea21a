import Agents
import Foundation
import Testing

/// Optional: a real local model (e.g. llama.cpp's server with SmolLM2-135M) at FEDACTORS_LLM_BASE_URL.
/// Asserts only that the decision validates (one of the options), never which one.
@Suite struct LocalModelTests {
    static let config = ChatConfig.fromEnvironment()

    @Test(.enabled(if: config != nil, "no local model: set FEDACTORS_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1 for llama-server) to run"))
    func realModelDecisionValidates() async throws {
        let config = try #require(Self.config)
        #expect(URL(string: config.baseURL)?.host == "127.0.0.1", "only loopback servers are used in tests")
        let decision = await ChatBackend(client: ChatClient(config: config)).decide(DecisionQuestion(
            role: "planner", question: "Which aggregation strategy?", request: "A 2NN on Fashion-MNIST across 10 phones.",
            options: ["fedavg", "fedprox"], expertChoice: "fedavg"))
        #expect(["fedavg", "fedprox"].contains(decision.choice))
        #expect(decision.usage.calls >= 1)
    }
}
