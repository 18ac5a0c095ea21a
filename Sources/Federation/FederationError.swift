/// A federated run could not be set up or could not go on. Says what is wrong and what to do.
public struct FederationError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        /// A setting is out of range or inconsistent with another.
        case invalidSetting
        /// Fewer clients are available or answered than the run needs.
        case notEnoughClients
        /// A client's update does not fit the model (wrong length, NaN).
        case invalidUpdate
        /// A checkpoint could not be read or does not match the run.
        case checkpoint
        /// The client dropped out of the round (simulated device failure).
        case droppedOut
    }
    public let code: Code
    public let message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code.rawValue): \(message)" }
}
