import Agents
import Federation
import Foundation
import Testing

/// Optional: a real local model (e.g. llama.cpp's server with SmolLM2-135M, started by
/// `scripts/local-llm`) at FEDACTORS_LLM_BASE_URL. Asserts only that what comes back validates —
/// one of the options, a bounded workflow outcome whose LLM answers passed their checks — never
/// which method the model chose.
@Suite(.serialized) struct LocalModelTests {
    static let config = try? ChatConfig.fromEnvironment()
    static let skipReason: Comment =
        "no local model: run scripts/local-llm and set FEDACTORS_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1) to run"

    @Test(.enabled(if: config != nil, skipReason))
    func realModelDecisionValidates() async throws {
        let config = try #require(Self.config)
        #expect(URL(string: config.baseURL)?.host == "127.0.0.1", "only loopback servers are used in tests")
        let decision = await ChatBackend(client: ChatClient(config: config)).decide(
            DecisionQuestion(
                role: "planner", question: "Which aggregation strategy?",
                request: "A 2NN on Fashion-MNIST across 10 phones.",
                options: ["fedavg", "fedprox"], expertChoice: "fedavg"))
        #expect(["fedavg", "fedprox"].contains(decision.choice))
        #expect(decision.usage.calls >= 1)
    }

    @Test(.enabled(if: config != nil, skipReason))
    func everyLLMRoleOnTheRealModelEndsBounded() async throws {
        let config = try #require(Self.config)
        #expect(URL(string: config.baseURL)?.host == "127.0.0.1", "only loopback servers are used in tests")
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let team = try AgentTestKit.team(on: system, backends: .all(ChatClient(config: config)))

        let outcome = try await AgentWorkflow(team: team).run(LLMTestKit.request)

        // Any status is acceptable from a tiny model; what must hold is that each LLM exchange ended
        // in a validated answer or the expert's, saying so, and that the transcript has it whole.
        let exchanges = outcome.transcript.filter { $0.llm != nil }
        #expect(!exchanges.isEmpty)
        for entry in exchanges {
            #expect(
                entry.decidedBy == "llm" || (entry.decidedBy == "expert (fallback)" && entry.note != nil),
                "\(entry.role)")
            #expect(entry.llm?.messages.first?.role == "system")
        }
        print(
            "local model: \(outcome.status); "
                + exchanges.map { "\($0.role)=\($0.decidedBy ?? "?")" }.joined(separator: " "))
    }
}
