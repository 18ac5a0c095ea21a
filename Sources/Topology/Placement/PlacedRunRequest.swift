import ActorMesh
import Federation

/// What a driver hands the node that runs the server (``ServerHost/start(_:)``): the topology as
/// the driver read it, where the client nodes are, the server's files on that host, and where the
/// driver follows the run.
package struct PlacedRunRequest: Codable, Sendable {
    /// The topology file's text and path (the path resolves the files it names, e.g. traces, on the
    /// server's host).
    package var topology: String
    package var topologyPath: String
    /// The rounds the driver runs (`--rounds` may override the file's).
    package var rounds: Int
    /// The settings the driver read: the server's host must read the same, or it refuses the run.
    package var fingerprint: RunFingerprint
    /// Each host with clients, and where its node is dialled.
    package var endpoints: [String: String]
    package var files: RunLauncher.ServerFiles
    /// The driver's ``RunFollower``.
    package var follower: MeshActorID
    /// ``RunPlan/acceptsLabelProposals`` as the driver was told (`--yes`).
    package var acceptsLabelProposals = false
    /// ``RunPlan/harmonizerAsksLLM`` as the driver was told (`--backend harmonizer=llm`).
    package var harmonizerAsksLLM = false
}

/// A topology's text and path, kept so that a driver can hand the topology to a placed server.
package struct TopologySource: Sendable, Equatable {
    package var text: String
    package var path: String

    package init(text: String, path: String) {
        self.text = text
        self.path = path
    }
}
