import Synchronization

/// How the answer's shape is asked for: OpenAI's `json_schema` (vLLM, llama.cpp's own server,
/// hosted APIs), then `json_object` with the schema attached (llama-cpp-python's server), then
/// nothing but the prompt. A server that refuses one is asked in the next.
enum ResponseFormat: Int, Sendable, Comparable {
    /// From the richest to the plainest; `min` is the plainer of two.
    case jsonSchema = 2, jsonObject = 1, none = 0

    static func < (a: ResponseFormat, b: ResponseFormat) -> Bool { a.rawValue < b.rawValue }

    var plainer: ResponseFormat { self == .jsonSchema ? .jsonObject : .none }
    var name: String {
        switch self {
        case .jsonSchema: "response_format json_schema"
        case .jsonObject: "response_format json_object with the schema"
        case .none: "no response_format"
        }
    }
}

/// The format a server last accepted, shared by every copy of one ``ChatClient`` (so every role on
/// it), so that a server which refused `json_schema` once is not asked in it again.
final class ResponseFormatMemory: Sendable {
    private let accepted = Mutex<ResponseFormat?>(nil)

    /// The format to start a question in: the remembered one, or `preferred`.
    func start(_ preferred: ResponseFormat) -> ResponseFormat {
        accepted.withLock { remembered in remembered.map { min($0, preferred) } ?? preferred }
    }

    func remember(_ format: ResponseFormat) {
        accepted.withLock { $0 = format }
    }
}
