/// A transport could not move a message. Says what happened and what to do.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, Codable {
        /// The peer's queue is full or it is not connected; the message was not queued.
        case wouldBlock
        /// The endpoint is malformed or cannot be connected to.
        case badEndpoint
        /// Binding the local endpoint failed (address in use, bad interface).
        case bindFailed
        /// The transport was shut down.
        case shutDown
        /// A route passed to `reply` is not known (the peer disconnected).
        case unknownRoute
        /// An established connection to the peer dropped; whatever it was carrying is lost. The
        /// transport reconnects by itself.
        case disconnected
        /// A connection attempt to a peer never connected before failed: nothing listens at that
        /// address, or it cannot be reached (no route, or no answer within the connect timeout).
        /// What was queued for it is discarded.
        case connectionRefused
        /// An attempt to reconnect to a peer that was connected before failed (it stopped, or is
        /// restarting). What is queued for it stays queued for the next attempt.
        case reconnectFailed
        /// The security handshake failed or security settings are invalid.
        case security
        /// Any other failure of the underlying library.
        case io
    }
    public let code: Code
    public let message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "transport \(code.rawValue): \(message)" }
}
