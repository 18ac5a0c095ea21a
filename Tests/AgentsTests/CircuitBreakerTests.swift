import FedActorsTesting
import Foundation
import Testing
@testable import Agents

/// The circuit breaker per endpoint: a server that keeps failing is given up after a few requests in
/// a row, the expert decides for the rest of the run, and the run says so once.
@Suite(.serialized) struct CircuitBreakerTests {
    static func question(_ client: ChatClient, role: String = "planner") async -> Decided<String> {
        let query = RoleQuery<String>(role: role, system: "s", user: "u", schema: ["type": "object"]) { text in
            guard text.contains("ok") else { throw AnswerRejected("say ok") }
            return "llm"
        }
        return await client.decide(query, expert: "expert")
    }

    @Test func anEndpointThatKeepsFailingIsGivenUpAfterThreeRequestsAndSaidOnce() async throws {
        let server = try LoopbackHTTPServer(replies: [.status(500, "down")])
        defer { server.stop() }
        let client = LLMTestKit.client(server, attempts: 2)
        // Question 1: two failed requests, still asked; question 2: the third failure opens it.
        let first = await Self.question(client)
        #expect(first.decidedBy == "expert (fallback)" && !client.endpointOff)
        let second = await Self.question(client, role: "reflector")
        #expect(client.endpointOff)
        #expect(second.decidedBy == "expert (LLM endpoint off)")
        #expect(
            second.note?.contains(
                "failed 3 times in a row: every role uses the embedded expert for the rest of the run") == true,
            "\(second.note ?? "")")
        // Later questions: not sent, and nothing more said.
        for role in ["supervisor", "coders", "debugger"] {
            let later = await Self.question(client, role: role)
            #expect(
                later.value == "expert" && later.decidedBy == "expert (LLM endpoint off)" && later.note == nil
                    && later.llm == nil)
        }
        #expect(server.requests.count == 3)
        // A copy of the client (another role's) shares the breaker.
        let copy = client
        #expect(copy.endpointOff)
    }

    @Test func anyReplyEvenARejectedOneClosesTheStreak() async throws {
        // fail, fail, a reply the role rejects, fail, fail, then a good answer: never three in a row.
        let server = try LoopbackHTTPServer(replies: [
            .status(503, ""), .status(503, ""), .status(200, LoopbackHTTPServer.completion("no")),
            .status(503, ""), .status(503, ""), .status(200, LoopbackHTTPServer.completion("ok")),
        ])
        defer { server.stop() }
        let client = LLMTestKit.client(server, attempts: 3)
        let first = await Self.question(client)
        #expect(first.decidedBy == "expert (fallback)")
        let second = await Self.question(client)
        #expect(second.decidedBy == "llm" && second.value == "llm")
        #expect(!client.endpointOff)
    }

    @Test func theThresholdComesFromTheEnvironmentWithinBounds() throws {
        let base = ["FEDACTORS_LLM_BASE_URL": "http://127.0.0.1:9/v1"]
        #expect(try ChatConfig.fromEnvironment(base)?.failuresBeforeExpert == 3)
        #expect(
            try ChatConfig.fromEnvironment(base.merging(["FEDACTORS_LLM_FAILURES_BEFORE_EXPERT": "5"]) { $1 })?
                .failuresBeforeExpert == 5)
        #expect(ChatConfig(baseURL: "x", model: "m", failuresBeforeExpert: 0).failuresBeforeExpert == 1)
    }
}
