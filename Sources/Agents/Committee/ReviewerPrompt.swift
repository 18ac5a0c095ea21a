import Foundation

/// A committee reviewer's question to an LLM: rank up to `depth` of the strategies this build runs
/// for the request, best first, each with a reason. The answer is
/// `{"proposals": [{"strategy": <option>, "reason": <sentence>}]}`, validated into ranked
/// ``Proposal``s: every strategy one of the options, none twice, between 1 and `depth` of them.
enum ReviewerPrompt {
    struct Answer: Decodable {
        struct Item: Decodable {
            var strategy: String
            var reason: String
        }
        var proposals: [Item]
    }

    static func system(depth: Int) -> String {
        """
        You are one reviewer on a committee that chooses the aggregation strategy of a federated-learning \
        system. Each proposal you rank is tried in a short trial and the best by the request's metric is kept, \
        so rank the strategies you expect to do best for this request, best first, at most \(depth), each with \
        one sentence saying why. Use only the listed strategy ids, each once.
        Reply with one JSON object and nothing else: {"proposals": [{"strategy": "<id>", "reason": "<sentence>"}]}.
        """
    }

    static func query(_ ask: ReviewRequest, cards: [MethodCard], expert: [Proposal]) -> RoleQuery<[Proposal]> {
        let options = ask.options
        let described = options.map { id in
            cards.first { $0.id == id }.map {
                "- \(id): \($0.name), for \($0.challenges.map(\.rawValue).joined(separator: ", ")). \($0.idea)"
            }
                ?? "- \(id)"
        }
        let user = """
            Request: \(ask.request)

            Strategies this build runs:
            \(described.joined(separator: "\n"))

            A rule-based reviewer ranks: \(expert.map { "\($0.rank). \($0.strategy)" }.joined(separator: ", "))
            """
        let schema = Schema.object([
            "proposals": Schema.array(
                Schema.object([
                    "strategy": Schema.string(oneOf: options), "reason": ["type": "string", "maxLength": 300],
                ]),
                maxItems: ask.depth, minItems: 1)
        ])
        let depth = ask.depth
        return RoleQuery(role: "reviewer", system: system(depth: depth), user: user, schema: schema) { text in
            try validate(text, options: options, depth: depth)
        }
    }

    static func validate(_ text: String, options: [String], depth: Int) throws -> [Proposal] {
        let answer = try JSONReply.decode(Answer.self, from: text)
        guard (1...max(1, depth)).contains(answer.proposals.count) else {
            throw AnswerRejected("\"proposals\" must hold between 1 and \(depth) items, not \(answer.proposals.count)")
        }
        var seen: Set<String> = []
        return try answer.proposals.enumerated().map { i, item in
            guard options.contains(item.strategy) else {
                throw AnswerRejected("\"\(item.strategy)\" is not one of \(options.joined(separator: ", "))")
            }
            guard seen.insert(item.strategy).inserted else {
                throw AnswerRejected("\"\(item.strategy)\" is proposed twice; rank each strategy once")
            }
            let reason = item.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty, reason.count <= 300 else {
                throw AnswerRejected("the reason for \"\(item.strategy)\" must be one sentence of 1 to 300 characters")
            }
            return Proposal(strategy: item.strategy, rank: i + 1, reason: reason)
        }
    }
}
