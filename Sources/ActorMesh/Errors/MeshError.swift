/// Why a distributed call failed in the actor system itself (not in the remote actor's code).
///
/// Every failure a peer, the network or bad input can cause ends up here, with a message that says
/// what happened and what to do. Errors thrown by a remote actor arrive as themselves (when they are
/// `Codable` and registered in `RemoteErrorTypes`) or as ``RemoteCallError``.
public struct MeshError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// No reply before the call's deadline (the peer is dead, slow or unreachable).
        case deadlineExceeded
        /// The recipient node has no actor at that path.
        case unknownActor
        /// The recipient actor has no distributed method with that identifier.
        case unknownTarget
        /// The actor at that path is of another type than the caller expected.
        case actorTypeMismatch
        /// Arguments or the result could not be decoded.
        case decodeFailure
        /// Arguments or the result could not be encoded.
        case encodeFailure
        /// The call was addressed to an earlier incarnation of a node that has since restarted.
        case staleIncarnation
        /// The peer runs a different build (distributed method identifiers would not match).
        case buildMismatch
        /// A frame that is not a valid envelope.
        case malformedFrame
        /// The connection to the peer dropped while the call was waiting for its reply. The call may
        /// or may not have run there; retry it only if running it twice is harmless.
        case connectionLost
        /// The peer's address refused the connection (no node listens there, or it is down and not
        /// back yet), so the call was not delivered. See `MeshSystem.peerState(_:)`.
        case connectionRefused
        /// The transport could not move the message.
        case transport
        /// This actor system has shut down.
        case shutDown
        /// An actor ID string could not be parsed.
        case invalidActorID
        /// Settings are out of range.
        case invalidConfiguration
        /// The call was cancelled by its task.
        case cancelled
        /// The call carries another run's token (or none) than the node serves (`RunToken`).
        case foreignRun
        /// A control call (`MeshSettings.controlPaths`) from a member of the run that is not its coordinator.
        case notCoordinator
        /// A message larger than the receiver's maximum message size; it was discarded.
        case messageTooLarge
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// An error thrown by a remote actor whose type is not `Codable`, or not known in this process:
/// its type name and its description, as the remote side printed them.
public struct RemoteCallError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The remote error's type, e.g. `MyModule.TrainingError`.
    public let typeName: String
    /// `String(describing:)` of the remote error.
    public let message: String

    public init(typeName: String, message: String) {
        self.typeName = typeName
        self.message = message
    }

    public var description: String { "remote \(typeName): \(message)" }
}
