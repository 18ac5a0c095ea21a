import Foundation

/// A committee reviewer's question to an LLM: rank up to `depth` whole methods for the request, best
/// first, each with a reason. A method is a strategy this build runs with the catalog's add-ons it
/// needs, written as ids joined by ` + ` (`fedavg + small-loss-filter`). The answer is
/// `{"proposals": [{"method": <id>, "options": {<name>: <number>}, "reason": <sentence>}]}` (a
/// `strategy` key is read as a method of that strategy alone). Each proposal is read against the
/// catalog (``ProposedMethod/read(_:options:catalog:strategies:)``): one that cannot be built (an id
/// not in the catalog, two strategies, an option out of range) is refused with why and the others
/// keep their order; an answer that is not JSON of this shape, holds no buildable proposal or more
/// than `depth` is rejected, which after the client's attempts leaves the expert's ranking.
enum ReviewerPrompt {
    struct Answer: Decodable {
        struct Item: Decodable {
            var method: String?
            var strategy: String?
            var options: [String: Double]?
            var reason: String?
        }
        var proposals: [Item]
    }

    static func system(depth: Int) -> String {
        """
        You are one reviewer on a committee that chooses the method of a federated-learning system. Each \
        proposal you rank is assembled and tried in a short trial and the best by the request's metric is kept, \
        so rank the methods you expect to do best for this request, best first, at most \(depth), each with one \
        sentence saying why. A method is one listed strategy id, optionally followed by listed add-on ids (at \
        most one of each kind) joined with " + ", e.g. "fedavg + small-loss-filter"; "options" may set listed \
        options inside their ranges (use {} for the defaults). Use only listed ids, each method once.
        Reply with one JSON object and nothing else: \
        {"proposals": [{"method": "<id>", "options": {}, "reason": "<sentence>"}]}.
        """
    }

    static func query(_ ask: ReviewRequest, catalog: MethodCatalog, expert: [Proposal]) -> RoleQuery<ReviewerAnswer> {
        let strategies = ask.options
        let user = """
            Request: \(ask.request)

            Strategies this build runs:
            \(strategies.map { describe($0, catalog: catalog) }.joined(separator: "\n"))

            Add-ons this build runs (id, kind):
            \(addOns(catalog).map { describe($0.id, catalog: catalog) }.joined(separator: "\n"))

            A rule-based reviewer ranks: \(expert.map { "\($0.rank). \($0.method.text)" }.joined(separator: ", "))
            """
        let schema = Schema.object([
            "proposals": Schema.array(
                Schema.object([
                    "method": ["type": "string", "maxLength": 200], "options": Schema.map(of: ["type": "number"]),
                    "reason": ["type": "string", "maxLength": 300],
                ]),
                maxItems: ask.depth, minItems: 1)
        ])
        let depth = ask.depth
        return RoleQuery(role: "reviewer", system: system(depth: depth), user: user, schema: schema) { text in
            try validate(text, catalog: catalog, strategies: strategies, depth: depth)
        }
    }

    /// The catalog's add-on cards this build implements.
    static func addOns(_ catalog: MethodCatalog) -> [MethodCard] {
        catalog.cards.filter { $0.kind != .strategy && SpecComposer.step(for: $0) != nil }
    }

    /// One id as the prompt lists it: name, kind, what it is for, its idea and the options it takes.
    static func describe(_ id: String, catalog: MethodCatalog) -> String {
        guard let card = catalog.card(id: id) else { return "- \(id)" }
        let settable = card.hyperParameters.filter {
            card.kind == .strategy || ProposedMethod.builtAddOnOptions[card.id, default: []].contains($0.name)
        }
        let options =
            settable.isEmpty
            ? ""
            : " Options: "
                + settable.map {
                    "\($0.name) \(ProposedMethod.format($0.minimum))...\(ProposedMethod.format($0.maximum)) "
                        + "(default \(ProposedMethod.format($0.defaultValue)))"
                }.joined(separator: ", ") + "."
        return
            "- \(id) (\(card.kind.rawValue)): \(card.name), for \(card.challenges.map(\.rawValue).joined(separator: ", ")). \(card.idea)"
            + options
    }

    static func validate(_ text: String, catalog: MethodCatalog, strategies: [String], depth: Int) throws
        -> ReviewerAnswer
    {
        let answer = try JSONReply.decode(Answer.self, from: text)
        guard (1...max(1, depth)).contains(answer.proposals.count) else {
            throw AnswerRejected("\"proposals\" must hold between 1 and \(depth) items, not \(answer.proposals.count)")
        }
        var proposals: [Proposal] = []
        var refused: [String] = []
        for (i, item) in answer.proposals.enumerated() {
            guard let name = item.method ?? item.strategy else {
                refused.append("proposal \(i + 1) names no method")
                continue
            }
            let method: ProposedMethod
            do {
                method = try ProposedMethod.read(
                    name, options: item.options ?? [:], catalog: catalog, strategies: strategies)
            } catch {
                refused.append("\(name): \(error.description)")
                continue
            }
            let reason = (item.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty, reason.count <= 300 else {
                refused.append("\(method.text): the reason must be one sentence of 1 to 300 characters")
                continue
            }
            guard !proposals.contains(where: { $0.method == method }) else {
                refused.append("\(method.text): proposed twice; rank each method once")
                continue
            }
            proposals.append(Proposal(method: method, rank: proposals.count + 1, reason: reason))
        }
        guard !proposals.isEmpty else {
            throw AnswerRejected("no proposal can be built: " + refused.joined(separator: "; "))
        }
        return ReviewerAnswer(proposals: proposals, refused: refused)
    }
}

/// An LLM reviewer's validated answer: the proposals that can be built, ranked in the order given,
/// and the ones refused with why.
struct ReviewerAnswer: Codable, Sendable, Equatable {
    var proposals: [Proposal]
    var refused: [String]
}
