import Federation
import Foundation

/// The harmonizer's question to an LLM: the labels the offline reading is unsure of, each to be
/// mapped to one of the task's classes or "none"; the answer is checked (every label, known classes only).
enum HarmonizerPrompt {
    struct Answer: Codable, Sendable, Equatable {
        struct Item: Codable, Sendable, Equatable {
            var label: String
            var target: String
        }
        var mappings: [Item]
    }

    static let none = "none"

    static func query(_ unsure: [LabelResolution], classes: [String]) -> RoleQuery<Answer> {
        let labels = unsure.map(\.label)
        let system = """
            You harmonize the label vocabularies of federated-learning clients. Each client names its classes in \
            its own words, language, casing or spelling. Map every label to exactly one of the task's classes, or to \
            "none" when it names no single class (another kind of data, or several classes at once). Reply with JSON \
            {"mappings": [{"label": "<label>", "target": "<class or none>"}]}, one item per label, nothing else.
            """
        let user =
            "Task classes: \(classes.joined(separator: ", "))\nLabels: "
            + unsure.map { "\"\($0.label)\" (offline reading: \($0.reason))" }.joined(separator: "; ")
        let targets = classes + [none]
        let schema: JSONValue = [
            "type": "object", "required": ["mappings"], "additionalProperties": false,
            "properties": [
                "mappings": [
                    "type": "array",
                    "items": [
                        "type": "object", "required": ["label", "target"], "additionalProperties": false,
                        "properties": [
                            "label": ["type": "string", "enum": .array(labels.map(JSONValue.string))],
                            "target": ["type": "string", "enum": .array(targets.map(JSONValue.string))],
                        ],
                    ],
                ]
            ],
        ]
        return RoleQuery(role: "harmonizer", system: system, user: user, schema: schema) { text in
            let answer = try JSONReply.decode(Answer.self, from: text)
            let given = Set(answer.mappings.map(\.label))
            if let missing = labels.first(where: { !given.contains($0) }) {
                throw AnswerRejected("label \"\(missing)\" has no mapping; map every label")
            }
            if let bad = answer.mappings.first(where: { !targets.contains($0.target) }) {
                throw AnswerRejected(
                    "\"\(bad.target)\" is not a task class; use one of \(targets.joined(separator: ", "))")
            }
            return answer
        }
    }

    /// The unsure readings with the LLM's answer in place of the offline proposal (still unsure: the gate confirms).
    static func apply(_ answer: Answer, to unsure: [LabelResolution]) -> [LabelResolution] {
        let targets = Dictionary(answer.mappings.map { ($0.label, $0.target) }, uniquingKeysWith: { a, _ in a })
        return unsure.map { r in
            guard let target = targets[r.label] else { return r }
            var read = r
            read.target = target == none ? nil : target
            read.method = .llm
            read.reason = target == none ? "the LLM reads it as no single class" : "the LLM reads it as \(target)"
            return read
        }
    }
}
