import Agents
import Federation
import Foundation
import Testing

/// Issue 27: with an LLM backend, the request corpus (``RequestCorpus``) measures the LLM path.
///
/// In this build the LLM's part in reading a request is the planner's strategy decision
/// (``ChatBackend``); the plan's fields (clients, dataset, model, challenges, metric) come from the
/// rule analyzer, and the LLM's strategy is restated into that plan. So this runs the planner with
/// the LLM backend over both parts of the corpus, prints each plan field's accuracy against the
/// labels and how many strategy decisions the model made versus left to the expert, and asserts
/// only what must hold for any model: every decision validated or fell back saying why.
///
/// Enabled only when an OpenAI-compatible endpoint on loopback is configured the way `--backend llm`
/// reads it (FEDACTORS_LLM_BASE_URL, FEDACTORS_LLM_MODEL, …); otherwise skipped with the reason, since
/// no local model is installed by default.
@Suite(.serialized) struct LLMCorpusTests {
    static let config = try? ChatConfig.fromEnvironment()
    static let skipReason: Comment =
        """
        no LLM endpoint: run scripts/local-llm and set FEDACTORS_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1) and \
        FEDACTORS_LLM_MODEL to measure the LLM path over the request corpus
        """

    @Test(.enabled(if: config != nil, skipReason))
    func theLLMPlannerPathOverTheCorpus() async throws {
        let config = try #require(Self.config)
        #expect(URL(string: config.baseURL)?.host == "127.0.0.1", "only loopback servers are used in tests")
        let corpus = try RequestCorpus()
        let expert = try LLMTestKit.expert()
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let planner = try system.makeActor(named: "agents/planner") {
            PlannerAgent(actorSystem: system, expert: expert, backend: ChatBackend(client: ChatClient(config: config)))
        }
        for part in RequestCorpus.Part.allCases {
            var right: [String: Int] = [:]
            var decidedBy: [String: Int] = [:]
            let entries = corpus.entries(in: part)
            for entry in entries {
                let plan = try await planner.plan(PlanRequest(request: entry.text))
                let metrics = (entry.metrics ?? [.globalTop1]).map(\.rawValue)
                let fields: [(String, Bool)] = [
                    ("clients", entry.clients.map(String.init) == plan.setup["clients"]),
                    ("dataset", entry.dataset == plan.setup["dataset"]),
                    ("model", entry.model == plan.setup["model"]),
                    ("challenges", Set(entry.challenges ?? []) == Set(plan.challenges)),
                    ("metric", plan.setup["metric"].map(metrics.contains) ?? false),
                ]
                for (field, ok) in fields where ok { right[field, default: 0] += 1 }
                let decision = plan.decision
                decidedBy[decision?.decidedBy ?? "no decision (the plan asks questions)", default: 0] += 1
                if let decision {
                    #expect(
                        decision.decidedBy == "llm" || decision.note != nil,
                        "a fallback says why: \(decision.decidedBy)")
                }
            }
            let table = ["clients", "dataset", "model", "challenges", "metric"].map {
                String(format: "%@ %.1f%%", $0, 100 * Double(right[$0, default: 0]) / Double(max(1, entries.count)))
            }
            print(
                "LLM path, \(part.rawValue) part (\(entries.count) requests, model \(config.model)): "
                    + table.joined(separator: ", ") + "; strategy decided by "
                    + decidedBy.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }
}
