import Foundation

/// The reflector's question to an LLM: is the plan complete and sound? The answer is
/// `{"verdict": "COMPLETE" | "INCOMPLETE", "missing": [...]}`, validated into a ``Reflection``.
enum ReflectorPrompt {
    static let system = """
        You review plans for federated-learning systems before anything is built from them. A plan is \
        COMPLETE when it names the dataset, the model, the number of clients, the metric and the \
        aggregation strategy; gives each of the four modules (task, client, strategy, server) at least one \
        task; and its choices answer the request, for instance a method for every difficulty the request \
        raises. Otherwise it is INCOMPLETE: list each gap or unsound choice as one short sentence the \
        planner can act on, at most 8. Do not invent requirements the request does not state.
        Reply with one JSON object and nothing else: {"verdict": "COMPLETE" or "INCOMPLETE", "missing": [sentences]}, \
        where "missing" is empty for COMPLETE.
        """

    static let schema = Schema.object([
        "verdict": Schema.string(oneOf: ["COMPLETE", "INCOMPLETE"]),
        "missing": Schema.array(["type": "string", "maxLength": 300], maxItems: 8),
    ])

    struct Answer: Decodable {
        var verdict: String
        var missing: [String]?
    }

    static func query(_ plan: Plan, expert: Reflection) -> RoleQuery<Reflection> {
        let checks: String
        switch expert {
        case .complete: checks = "nothing missing"
        case .incomplete(let missing): checks = missing.map { "\n- \($0)" }.joined()
        }
        let user = "Request: \(plan.request)\n\nPlan:\n\(plan.text)\n\nThe rule-based checks found: \(checks)"
        return RoleQuery(role: "reflector", system: system, user: user, schema: schema, validate: validate)
    }

    @Sendable static func validate(_ text: String) throws -> Reflection {
        let answer = try JSONReply.decode(Answer.self, from: text)
        let missing = (answer.missing ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter {
            !$0.isEmpty
        }
        switch answer.verdict.uppercased() {
        case "COMPLETE":
            return .complete
        case "INCOMPLETE":
            guard !missing.isEmpty else {
                throw AnswerRejected("an INCOMPLETE verdict must list at least one missing point in \"missing\"")
            }
            guard missing.count <= 8, missing.allSatisfy({ $0.count <= 300 }) else {
                throw AnswerRejected("\"missing\" may hold at most 8 sentences of at most 300 characters")
            }
            return .incomplete(missing: missing)
        default:
            throw AnswerRejected("\"verdict\" must be \"COMPLETE\" or \"INCOMPLETE\", not \"\(answer.verdict)\"")
        }
    }

    /// The rule-based checks are facts (a plan without a dataset cannot be built whatever the model
    /// thinks): their gaps always stand; the LLM can only add gaps of soundness.
    static func combine(expert: Reflection, llm: Reflection) -> Reflection {
        switch (expert, llm) {
        case (.complete, let verdict): return verdict
        case (.incomplete(let facts), .complete): return .incomplete(missing: facts)
        case (.incomplete(let facts), .incomplete(let judged)):
            return .incomplete(missing: facts + judged.filter { !facts.contains($0) })
        }
    }
}
