import Foundation

/// A choice a role asks its backend to make: one of `options` for `question` about the request,
/// with the embedded expert's pick as the default and the fallback.
public struct DecisionQuestion: Codable, Sendable, Equatable {
    public var role: String
    public var question: String
    public var request: String
    public var options: [String]
    public var expertChoice: String

    public init(role: String, question: String, request: String, options: [String], expertChoice: String) {
        self.role = role
        self.question = question
        self.request = request
        self.options = options
        self.expertChoice = expertChoice
    }
}

/// The backend's answer: always one of the options, who decided, what it cost, and a note when it
/// fell back to the expert.
public struct Decision: Codable, Sendable, Equatable {
    public var choice: String
    public var decidedBy: String
    public var usage: ChatUsage
    public var note: String?
}

/// How a role decides: the embedded expert (offline, deterministic) or an LLM.
public protocol DecisionBackend: Sendable {
    /// A short name for reports ("expert", "openai").
    var name: String { get }
    /// Decides; never fails (an LLM backend falls back to the expert and says so).
    func decide(_ question: DecisionQuestion) async -> Decision
}

/// The embedded expert: takes its own pick.
public struct ExpertBackend: DecisionBackend {
    public init() {}
    public var name: String { "expert" }
    public func decide(_ question: DecisionQuestion) async -> Decision {
        Decision(choice: question.expertChoice, decidedBy: name, usage: ChatUsage(), note: nil)
    }
}

/// An OpenAI-compatible model through ``ChatClient``: asked for `{"choice": <one of the options>}`
/// under a JSON schema; an answer outside the options is rejected and fed back; when the endpoint
/// fails or keeps answering badly, the expert's pick stands and the note says so.
public struct ChatBackend: DecisionBackend {
    public let client: ChatClient

    public init(client: ChatClient) {
        self.client = client
    }

    public var name: String { "openai" }

    struct Answer: Decodable { var choice: String }
    struct Rejected: Error, CustomStringConvertible { var description: String }

    public func decide(_ q: DecisionQuestion) async -> Decision {
        let options = q.options
        let system = """
            You are the \(q.role) of a team that designs federated-learning systems. Answer with a JSON \
            object {"choice": "..."} whose value is exactly one of: \(options.joined(separator: ", ")).
            """
        let user = "Request: \(q.request)\nQuestion: \(q.question)\nA rule-based expert suggests: \(q.expertChoice)."
        let schema: [String: any Sendable] = [
            "type": "object", "required": ["choice"], "additionalProperties": false,
            "properties": ["choice": ["type": "string", "enum": options] as [String: any Sendable]] as [String: any Sendable],
        ]
        let outcome = await client.ask(system: system, user: user, schema: schema) { text in
            guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"),
                  let answer = try? JSONDecoder().decode(Answer.self, from: Data(text[start...end].utf8))
            else { throw Rejected(description: "not a JSON object with a \"choice\" string") }
            guard options.contains(answer.choice) else {
                throw Rejected(description: "\"\(answer.choice)\" is not one of \(options.joined(separator: ", "))")
            }
            return answer.choice
        }
        if let choice = outcome.value {
            return Decision(choice: choice, decidedBy: name, usage: outcome.usage, note: nil)
        }
        let why = outcome.failures.last.map(\.description) ?? "no answer"
        return Decision(choice: q.expertChoice, decidedBy: "expert (fallback)", usage: outcome.usage,
                        note: "the LLM failed after \(outcome.usage.calls) call(s) (\(why)); fell back to the expert's \(q.expertChoice)")
    }
}
