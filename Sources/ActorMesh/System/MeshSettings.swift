import Logging

/// Settings of one ``MeshSystem``.
public struct MeshSettings: Sendable {
    /// How long a call waits for its reply unless the caller says otherwise
    /// (``MeshSystem/withDeadline(_:operation:)``).
    public var defaultDeadline: Duration = .seconds(30)
    /// The endpoint written into actor IDs and envelopes. `nil`: the transport's own endpoint. Set it when
    /// the node binds a wildcard address (`tcp://0.0.0.0:7000`) that peers cannot dial.
    public var advertisedEndpoint: String?
    /// The host written into actor IDs with the port the transport bound, when ``advertisedEndpoint``
    /// is nil: for a node that binds a wildcard address on port 0 and is known by its machine's name.
    public var advertisedHost: String?
    /// This build's fingerprint; peers with another are refused (``BuildFingerprint``).
    package var buildFingerprint: UInt64 = BuildFingerprint.current
    /// Time source for deadlines and injected delays.
    public var clock: any MeshClock = RealClock()
    /// Where the system logs (refused frames, late replies, peer failures). Never logs payloads.
    public var logger = Logger(label: "fedactors.mesh")

    /// The run this node belongs to: it stamps the token on everything it sends and serves only calls
    /// that carry it (``RunMembership``). `nil`: the node is open, and the first control call that
    /// carries a token claims it for that run.
    package var runToken: RunToken?
    /// Actor paths whose calls only the run's coordinator may make (node control: stop, load, download).
    /// Modules that host control actors add their paths (Federation adds its client host's).
    package var controlPaths: Set<String> = [NodeService.path]
    /// How long a node claimed by a run (started without a token) waits for a call of that run before
    /// it is open again. 10 minutes: longer than any round's quiet spell, short enough that a crashed
    /// coordinator does not take a pre-started node out of use for long.
    package var runLease: Duration = .seconds(600)

    public init() {}
}
