import ActorMesh
import Agents
import FedActorsTesting
import Federation
import Testing

/// An LLM reviewer through the local LLM test server: method ids with add-ons and options are
/// read against the catalog, an unknown id is refused with why, garbage leaves the expert's ranking.
@Suite(.serialized) struct LLMReviewerTests {
    static let request = "10 phones whose labels were often annotated wrongly train a CNN on Fashion-MNIST."

    /// The review of `request` by an LLM reviewer whose model answers `content` to every question.
    func review(answering content: String) async throws -> (Decided<Review>, [Proposal], Int) {
        let server = try LoopbackHTTPServer { _ in .status(200, LoopbackHTTPServer.completion(content)) }
        defer { server.stop() }
        guard let chooser = AgentTestKit.chooser else { throw AgentTestKit.TestSetupError() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let expert = ExpertReviewer(chooser: chooser, prior: .robustnessFirst)
        let reviewer = try system.makeActor(named: "agents/reviewer-1") {
            ReviewerAgent(
                actorSystem: system, name: "reviewer-1", expert: expert,
                llm: LLMTestKit.client(server, attempts: 2))
        }
        let ask = ReviewRequest(request: Self.request, options: StrategyCatalog.available, depth: 3)
        let decided = try await reviewer.review(ask)
        return (decided, expert.review(ask), server.requests.count)
    }

    @Test func methodIdsWithAddOnsAndOptionsAreRankedAndAnUnknownIdIsRefused() async throws {
        let answer = """
            {"proposals": [
              {"method": "fedavg + small-loss-filter", "options": {"drop_fraction": 0.3}, "reason": "drop the noisy samples"},
              {"method": "fedmedian", "options": {}, "reason": "robust to the noisy clients"},
              {"method": "fedavg + label-doctor", "options": {}, "reason": "cures labels"}
            ]}
            """
        let (decided, _, calls) = try await review(answering: answer)

        #expect(decided.decidedBy == "llm" && calls == 1)
        let review = decided.value
        #expect(review.perspective == "llm")
        #expect(
            review.proposals.map(\.method) == [
                ProposedMethod(strategy: "fedavg", addOns: ["small-loss-filter"], options: ["drop_fraction": 0.3]),
                ProposedMethod(strategy: "fedmedian"),
            ])
        #expect(review.proposals.map(\.rank) == [1, 2])
        #expect(review.refused.count == 1)
        #expect(review.refused.first?.contains("\"label-doctor\" is not in the catalog") == true, "\(review.refused)")
    }

    @Test func garbageLeavesTheExpertsRankingAndSaysWhy() async throws {
        let (decided, expert, calls) = try await review(answering: "FedAvg, obviously. Trust me.")

        #expect(decided.decidedBy == "expert (fallback)")
        #expect(decided.value.proposals == expert && !expert.isEmpty)
        #expect(decided.value.perspective == "llm, robustness-first expert's ranking")
        #expect(decided.note?.contains("the reply holds no JSON object") == true, "\(decided.note ?? "")")
        #expect(calls == 2, "the rejection is fed back once, then the expert stands")
    }

    @Test func onlyUnknownIdsLeaveTheExpertsRankingNamingThem() async throws {
        let answer = #"{"proposals": [{"method": "fedquantum", "options": {}, "reason": "new"}]}"#
        let (decided, expert, _) = try await review(answering: answer)

        #expect(decided.decidedBy == "expert (fallback)")
        #expect(decided.value.proposals == expert)
        #expect(decided.note?.contains("\"fedquantum\" is not in the catalog") == true, "\(decided.note ?? "")")
    }
}
