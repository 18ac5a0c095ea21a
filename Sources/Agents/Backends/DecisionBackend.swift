import Federation
import Foundation

/// A choice a role asks its backend to make: one of `options` for `question` about the request,
/// with the embedded expert's pick as the default and the fallback.
package struct DecisionQuestion: Codable, Sendable, Equatable {
    package var role: String
    package var question: String
    package var request: String
    package var options: [String]
    package var expertChoice: String

    package init(role: String, question: String, request: String, options: [String], expertChoice: String) {
        self.role = role
        self.question = question
        self.request = request
        self.options = options
        self.expertChoice = expertChoice
    }
}

/// The backend's answer: always one of the options, who decided, what it cost, and a note when it
/// fell back to the expert.
package struct Decision: Codable, Sendable, Equatable {
    package var choice: String
    package var decidedBy: String
    package var usage: ChatUsage
    package var note: String?
    /// The whole LLM conversation, when a model was asked.
    package var llm: LLMExchange? = nil
}

/// How a role decides: the embedded expert (offline, deterministic) or an LLM.
package protocol DecisionBackend: Sendable {
    /// A short name for reports ("expert", "openai").
    var name: String { get }
    /// Decides; never fails (an LLM backend falls back to the expert and says so).
    func decide(_ question: DecisionQuestion) async -> Decision
}

/// The embedded expert: takes its own pick.
package struct ExpertBackend: DecisionBackend {
    package init() {}
    package var name: String { "expert" }
    package func decide(_ question: DecisionQuestion) async -> Decision {
        Decision(choice: question.expertChoice, decidedBy: name, usage: ChatUsage(), note: nil)
    }
}

/// An OpenAI-compatible model through ``ChatClient``: asked for `{"choice": <one of the options>}`
/// under a JSON schema; an answer outside the options is rejected and fed back; when the endpoint
/// fails or keeps answering badly, the expert's pick stands and the note says so.
package struct ChatBackend: DecisionBackend {
    package let client: ChatClient

    package init(client: ChatClient) {
        self.client = client
    }

    package var name: String { "llm" }

    struct Answer: Decodable { var choice: String }

    package func decide(_ q: DecisionQuestion) async -> Decision {
        let options = q.options
        let system = """
            You advise the \(q.role) of a team that designs federated-learning systems. Pick one option for \
            the question and reply with a JSON object {"choice": "<option>"}, nothing else. Options: \
            \(options.joined(separator: ", ")).
            """
        let user = "Request: \(q.request)\nQuestion: \(q.question)\nA rule-based expert would pick: \(q.expertChoice)."
        let schema: JSONValue = [
            "type": "object", "required": ["choice"], "additionalProperties": false,
            "properties": ["choice": ["type": "string", "enum": .array(options.map(JSONValue.string))]],
        ]
        let query = RoleQuery(role: q.role, system: system, user: user, schema: schema) { text in
            let answer = try JSONReply.decode(Answer.self, from: text)
            guard options.contains(answer.choice) else {
                throw AnswerRejected("\"\(answer.choice)\" is not one of \(options.joined(separator: ", "))")
            }
            return answer.choice
        }
        let decided = await client.decide(query, expert: q.expertChoice)
        return Decision(
            choice: decided.value, decidedBy: decided.decidedBy, usage: decided.llm?.usage ?? ChatUsage(),
            note: decided.note, llm: decided.llm)
    }
}
