/// Why a chat-completions exchange failed, with a message saying what to do.
package struct ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: String, Sendable, Equatable {
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
        /// Not asked: the endpoint failed too often in a row (``CircuitBreaker``); the expert decides.
        case endpointOff
        /// A setting of the client cannot be used (e.g. `FEDACTORS_LLM_TIMEOUT` is not a number of seconds).
        case configuration
    }

    package let kind: Kind
    package let message: String
    /// The HTTP status, for `.http`.
    package let status: Int?
    /// The server refused the request's `response_format` (a 400 or 422, or an error body that
    /// names it): the client asks again in a plainer format.
    package let refusedFormat: Bool

    package init(_ kind: Kind, _ message: String, status: Int? = nil, refusedFormat: Bool = false) {
        self.kind = kind
        self.message = message
        self.status = status
        self.refusedFormat = refusedFormat
    }

    package var description: String { "\(kind.rawValue): \(message)" }

    /// Whether the request got no reply at all (the endpoint is down, slow or erroring), as opposed to
    /// a reply that could not be used.
    var isNoReply: Bool {
        switch kind {
        case .transport, .timeout: true
        case .http: !refusedFormat
        case .malformed, .invalidAnswer, .configuration, .endpointOff: false
        }
    }
}
