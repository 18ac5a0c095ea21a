/// Why a node could not make an agent role, or a placed role could not be reached. `Codable` and
/// registered (``AgentHost/registerErrors()``) so it reaches the caller of a node as itself.
public struct AgentHostError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
