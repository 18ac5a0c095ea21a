import ActorMesh
import Federation

/// What a driver hands the node that runs the server (``ServerHost/start(_:)``): the topology as
/// the driver read it, where the client nodes are, the server's files on that host, and where the
/// driver follows the run.
public struct PlacedRunRequest: Codable, Sendable {
    /// The topology file's text and path (the path resolves the files it names, e.g. traces, on the
    /// server's host).
    public var topology: String
    public var topologyPath: String
    /// The rounds the driver runs (`--rounds` may override the file's).
    public var rounds: Int
    /// The settings the driver read: the server's host must read the same, or it refuses the run.
    public var fingerprint: RunFingerprint
    /// Each host with clients, and where its node is dialled.
    public var endpoints: [String: String]
    public var files: RunLauncher.ServerFiles
    /// The driver's ``RunFollower``.
    public var follower: MeshActorID
}

/// A topology's text and path, kept so that a driver can hand the topology to a placed server.
public struct TopologySource: Sendable, Equatable {
    public var text: String
    public var path: String

    public init(text: String, path: String) {
        self.text = text
        self.path = path
    }
}
