/// How the answer's shape is asked for: OpenAI's `json_schema` (vLLM, llama.cpp's own server,
/// hosted APIs), then `json_object` with the schema attached (llama-cpp-python's server), then
/// nothing but the prompt. A server that refuses one is asked in the next.
enum ResponseFormat: Sendable, Equatable {
    case jsonSchema, jsonObject, none

    var plainer: ResponseFormat { self == .jsonSchema ? .jsonObject : .none }
    var name: String {
        switch self {
        case .jsonSchema: "response_format json_schema"
        case .jsonObject: "response_format json_object with the schema"
        case .none: "no response_format"
        }
    }
}
