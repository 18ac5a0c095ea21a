import ActorMesh
import Distributed

/// One reviewer of the committee: ranks whole methods for a request, by the embedded expert under
/// its prior (``ExpertReviewer``), or through an LLM whose ranking is read against the catalog
/// (``ReviewerPrompt``), with the expert's ranking as its fallback.
package distributed actor ReviewerAgent {
    package typealias ActorSystem = MeshSystem
    /// `reviewer-1`, `reviewer-2`…, as the transcript and the report name it.
    private let name: String
    private let expert: ExpertReviewer
    private let llm: ChatClient?

    package init(actorSystem: MeshSystem, name: String, expert: ExpertReviewer, llm: ChatClient? = nil) {
        self.actorSystem = actorSystem
        self.name = name
        self.expert = expert
        self.llm = llm
    }

    package distributed func review(_ ask: ReviewRequest) async -> Decided<Review> {
        let rules = expert.review(ask)
        guard let llm else {
            return .expert(Review(reviewer: name, perspective: expert.prior.rawValue, proposals: rules))
        }
        let catalog = expert.chooser.retriever.catalog
        let decided = await llm.decide(
            ReviewerPrompt.query(ask, catalog: catalog, expert: rules),
            expert: ReviewerAnswer(proposals: rules, refused: []))
        let perspective = decided.decidedBy == "llm" ? "llm" : "llm, \(expert.prior.rawValue) expert's ranking"
        return Decided(
            value: Review(
                reviewer: name, perspective: perspective, proposals: decided.value.proposals,
                refused: decided.value.refused),
            decidedBy: decided.decidedBy, note: decided.note, llm: decided.llm)
    }
}
