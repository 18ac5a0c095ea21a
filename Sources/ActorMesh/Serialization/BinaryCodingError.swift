/// A value could not be encoded to, or decoded from, the binary wire format.
///
/// Every failure of ``BinaryEncoder`` and ``BinaryDecoder`` is thrown as this error: malformed or
/// hostile input, a type mismatch, misuse of the `Encoder` containers. `DecodingError`s and
/// `EncodingError`s raised by `Codable` implementations are wrapped into it (code
/// ``Code-swift.enum/invalidValue``). Errors of any other type thrown by a value's own
/// `init(from:)` or `encode(to:)` pass through unchanged.
package struct BinaryCodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    package enum Code: String, Sendable, Equatable, Codable {
        /// The input ended before a complete value was read.
        case truncated
        /// A type tag byte is not one the format defines.
        case invalidTag
        /// The value found has a different type from the one requested.
        case typeMismatch
        /// A declared length or element count is larger than the bytes that remain.
        case lengthExceedsInput
        /// Containers are nested deeper than ``BinaryDecoder/maxDepth``.
        case depthLimitExceeded
        /// Bytes remain after the top-level value.
        case trailingBytes
        /// A string or key is not valid UTF-8.
        case invalidUTF8
        /// An integer does not fit the requested type, or a varint is longer than 10 bytes.
        case integerOverflow
        /// A keyed container has no entry for the requested key.
        case keyNotFound
        /// An unkeyed container has no more elements, or a value was `nil` where one was required.
        case valueNotFound
        /// A `Codable` implementation rejected the value (a wrapped `DecodingError`/`EncodingError`).
        case invalidValue
        /// An `Encoder` container was used in a way the streaming encoder cannot represent.
        case unsupportedUsage
        /// A buffer could not be allocated.
        case outOfMemory
    }

    /// What went wrong.
    package let code: Code
    /// Byte offset in the input (decoding) or output (encoding) where the problem was found.
    package let offset: Int
    /// What was expected and what was found.
    package let message: String

    /// Creates an error; `message` should say what was expected and what was found.
    package init(_ code: Code, offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    /// `binary coding error (<code>) at byte <offset>: <message>`.
    package var description: String {
        "binary coding error (\(code.rawValue)) at byte \(offset): \(message)"
    }
}

extension BinaryCodingError {
    /// Wraps an error raised by a `Codable` implementation, keeping its description and coding path.
    init(wrapping error: any Error, offset: Int) {
        let detail: String
        switch error {
        case let error as DecodingError:
            detail = Self.describe(error)
        case let error as EncodingError:
            switch error {
            case .invalidValue(_, let context):
                detail = "\(context.debugDescription) (path: \(context.codingPath.pathString))"
            @unknown default:
                detail = String(describing: error)
            }
        default:
            detail = String(describing: error)
        }
        self.init(.invalidValue, offset: offset, detail)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "type mismatch for \(type): \(context.debugDescription) (path: \(context.codingPath.pathString))"
        case .valueNotFound(let type, let context):
            return "no value for \(type): \(context.debugDescription) (path: \(context.codingPath.pathString))"
        case .keyNotFound(let key, let context):
            return
                """
                key '\(key.stringValue)' not found: \(context.debugDescription) (path: \
                \(context.codingPath.pathString))
                """
        case .dataCorrupted(let context):
            return "\(context.debugDescription) (path: \(context.codingPath.pathString))"
        @unknown default:
            return String(describing: error)
        }
    }
}

extension Array where Element == any CodingKey {
    /// A coding path as `a.b[2].c`, or `<root>` when empty.
    var pathString: String {
        if isEmpty { return "<root>" }
        var result = ""
        for key in self {
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result
    }
}
