/// Why a node could not make an agent role, or a placed role could not be reached. `Codable` and
/// registered (``AgentHost/registerErrors()``) so it reaches the caller of a node as itself.
package struct AgentHostError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    package let message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
