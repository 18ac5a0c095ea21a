import Foundation

/// Why a model's answer was not accepted. The message goes back to the model verbatim on the next
/// attempt, so it says exactly what to change.
package struct AnswerRejected: Error, Sendable, Equatable, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// Reading a model's reply as one JSON object of a known shape.
enum JSONReply {
    /// The object between the reply's first `{` and last `}` (models like to wrap JSON in prose or
    /// code fences), decoded with snake_case keys into `T`.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(AnswerRejected) -> T {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else {
            throw AnswerRejected("the reply holds no JSON object")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(text[start...end].utf8))
        } catch let error as DecodingError {
            throw AnswerRejected(explain(error))
        } catch {
            throw AnswerRejected("the JSON object could not be read (\(error))")
        }
    }

    /// A decoding error in one short sentence a model can act on.
    static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let p = keys.map { $0.intValue.map { "[\($0)]" } ?? snake($0.stringValue) }.joined(separator: ".")
            return p.isEmpty ? "the object" : "\"\(p)\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "the key \"\(snake(key.stringValue))\" is missing"
                + (context.codingPath.isEmpty ? "" : " in \(path(context.codingPath))")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be a \(name(of: type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the text between the braces is not valid JSON" : "\(path(context.codingPath)) is not valid"
        @unknown default:
            return "the JSON object does not have the expected shape"
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type: "integer"
        case is Double.Type: "number"
        case is Bool.Type: "boolean"
        default: "value of the documented shape"
        }
    }

    /// camelCase → snake_case, the way the prompts name the keys.
    static func snake(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}
