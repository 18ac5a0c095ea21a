import Logging

/// Settings of one ``MeshSystem``.
public struct MeshSettings: Sendable {
    /// How long a call waits for its reply unless the caller says otherwise (``MeshSystem/withDeadline(_:operation:)``).
    public var defaultDeadline: Duration = .seconds(30)
    /// The endpoint written into actor IDs and envelopes. `nil`: the transport's own endpoint. Set it when
    /// the node binds a wildcard address (`tcp://0.0.0.0:7000`) that peers cannot dial.
    public var advertisedEndpoint: String?
    /// This build's fingerprint; peers with another are refused (``BuildFingerprint``).
    public var buildFingerprint: UInt64 = BuildFingerprint.current
    /// Time source for deadlines and injected delays.
    public var clock: any MeshClock = RealClock()
    /// Where the system logs (refused frames, late replies, peer failures). Never logs payloads.
    public var logger = Logger(label: "fedactors.mesh")

    public init() {}
}
