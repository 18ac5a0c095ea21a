/// Why a chat-completions exchange failed, with a message saying what to do.
public struct ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// No connection, refused, DNS or another libcurl failure.
        case transport
        /// The server did not answer within the timeout.
        case timeout
        /// A non-2xx status.
        case http
        /// The body is not a chat-completions response.
        case malformed
        /// The model's answer did not validate.
        case invalidAnswer
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
