import Federation
import Foundation

/// The debugger's question to an LLM: a patch of the spec for the evaluator's findings, as a list of
/// field assignments (``SpecField``). The patched spec must differ from the current one and add no
/// problem ``SpecRules`` finds; the answer becomes a ``SpecPatch`` whose changes say what changed
/// and why.
struct DebuggerPrompt: Sendable {
    let caps: Capabilities

    var system: String {
        """
        You repair a federation spec after a short trial run of it failed the evaluator's checks. Findings \
        come in two levels: L1 runtime (the run failed, the spec was invalid, nobody took part) and L2 \
        semantics (training diverged or produced NaN, accuracy stayed at chance, metrics froze, stragglers \
        starved the rounds). Propose the smallest change that addresses the first finding; the next trial \
        will show its effect. You may set these fields:
        \(SpecField.allCases.map { "- \($0.rawValue): \($0.meaning)" }.joined(separator: "\n"))
        Strategies this build runs: \(caps.strategies.joined(separator: ", ")). Models: \
        \(caps.models.joined(separator: ", ")).
        Reply with one JSON object and nothing else: \
        {"changes": [{"field": "<field>", "value": <number, string or null>, "reason": "<why>"}]} with 1 to 3 changes.
        """
    }

    static var schema: JSONValue {
        let change = Schema.object([
            "field": Schema.string(oneOf: SpecField.allCases.map(\.rawValue)),
            "value": ["anyOf": [["type": "number"], ["type": "string"], ["type": "null"]]],
            "reason": ["type": "string", "maxLength": 300],
        ])
        return Schema.object(["changes": Schema.array(change, maxItems: 3, minItems: 1)])
    }

    struct Answer: Decodable {
        struct Change: Decodable {
            var field: String
            var value: JSONValue?
            var reason: String?
        }
        var changes: [Change]
    }

    func query(_ spec: FederationSpec, diagnosis: Diagnosis, expert: SpecPatch?) -> RoleQuery<SpecPatch?> {
        var user = "Spec: \(JSONValue.encoding(spec, snakeCase: true).text)\n\nTrial findings:\n"
        user += diagnosis.issues.map { "- \($0.level.rawValue) \($0.finding.rawValue): \($0.detail)" }.joined(
            separator: "\n")
        if let accuracy = diagnosis.accuracy { user += String(format: "\nFinal accuracy of the trial: %.4f", accuracy) }
        user +=
            "\n\nA rule-based debugger "
            + (expert.map { "would change: " + $0.changes.joined(separator: "; ") } ?? "has no rule for this.")
        let debugger = self
        return RoleQuery(role: "debugger", system: system, user: user, schema: Self.schema) {
            try debugger.validate($0, spec: spec)
        }
    }

    func validate(_ text: String, spec: FederationSpec) throws -> SpecPatch? {
        let answer = try JSONReply.decode(Answer.self, from: text)
        guard (1...3).contains(answer.changes.count) else {
            throw AnswerRejected("give 1 to 3 changes, not \(answer.changes.count)")
        }
        var patched = spec
        var changes: [String] = []
        for change in answer.changes {
            guard let field = SpecField(rawValue: change.field) else {
                throw AnswerRejected(
                    """
                    \"\(change.field)\" is not a field you may set; use one of \
                    \(SpecField.allCases.map(\.rawValue).joined(separator: ", "))
                    """
                )
            }
            let before = field.current(in: patched)
            try field.apply(change.value ?? .null, to: &patched)
            let reason = change.reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
                $0.isEmpty ? nil : String($0.prefix(300))
            }
            changes.append(
                "\(field.rawValue) \(before.text) → \(field.current(in: patched).text)"
                    + (reason.map { " (\($0))" } ?? ""))
        }
        guard patched != spec else {
            throw AnswerRejected("the changes leave the spec as it was; change at least one value")
        }
        let known = Set(SpecRules.problems(spec, within: caps))
        let added = SpecRules.problems(patched, within: caps).filter { !known.contains($0) }
        guard added.isEmpty else { throw AnswerRejected(added.joined(separator: "; ")) }
        return SpecPatch(spec: patched, changes: changes)
    }
}
