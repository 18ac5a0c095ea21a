/// Everything measured in one round.
public struct RoundRecord: Codable, Sendable, Equatable {
    public var round: Int
    public var invited: [Int]
    public var completed: [Int]
    public var straggled: [Int]
    public var surplus: [Int]
    public var dropped: [Int]
    public var failed: [Int]
    /// Centralized evaluation of the global model after aggregation, if run.
    public var globalAccuracy: Double?
    public var globalLoss: Double?
    /// Federated evaluation on clients (accuracy by client id), if run.
    public var clientAccuracy: [Int: Double]
    /// Virtual seconds each answering client took this round (download + compute + upload).
    public var clientVirtualSeconds: [Int: Double]
    /// Sample-weighted mean training loss of the completed clients.
    public var trainLoss: Double?
    /// Virtual duration of the round (see `RoundBook.virtualSeconds`).
    public var virtualSeconds: Double
    /// Real time the round took on this machine.
    public var wallSeconds: Double
    /// Application bytes the server's node sent to / received from clients this round, exactly as its
    /// transport ledger metered them: the ZeroMQ frames' contents, envelopes included, but no ZMTP,
    /// TCP, IP or Ethernet headers (the name is older than ``estimatedEthernetBytesDown``; the CSV
    /// calls them `app_bytes_down`/`app_bytes_up`).
    public var wireBytesDown: Int
    public var wireBytesUp: Int
    /// The same traffic as an estimate of the Ethernet bytes it puts on the link (`WireEstimate`:
    /// ZMTP framing and TCP/IPv4/Ethernet headers at MTU 1500). Optional so reports written before it
    /// existed still load.
    public var estimatedEthernetBytesDown: Int?
    public var estimatedEthernetBytesUp: Int?
    /// Model/update bytes as the algorithm sees them (4 bytes per float, or the encoded size of a
    /// compressed update), without envelopes.
    public var logicalBytesDown: Int
    public var logicalBytesUp: Int
    /// The same logical bytes per client: the model sent to each invited client, and each answer's
    /// update. (Optional so reports written before they existed still load.)
    public var clientBytesDown: [Int: Int]?
    public var clientBytesUp: [Int: Int]?
    /// Asynchronous strategies: the clients whose late update (from an earlier round, where they
    /// straggled) reached the strategy in this round, and those whose late update arrived but lagged
    /// more than the strategy's ``Strategy/maxStaleness`` and was dropped. nil for synchronous strategies.
    public var lateApplied: [Int]?
    public var tooStale: [Int]?
    /// Why the round kept the previous model, when it did: the strategy could not aggregate its
    /// results, or fewer usable results than `min_fit` came back. nil when it aggregated.
    public var aggregationError: String?
    /// Why each failed client failed (the error its answer raised, or why the server refused it).
    /// Optional so reports written before it existed still load.
    public var failureReasons: [Int: String]?
    /// Clients not invited because their node was down when the round began (nil when none was;
    /// optional so reports written before it existed still load).
    public var unreachable: [Int]?
    /// With a differentially private strategy: the ε spent by the end of this round, for
    /// ``privacyDelta`` (nil otherwise, and when no noise is added: then there is no guarantee).
    public var privacyEpsilon: Double?
    public var privacyDelta: Double?
    /// Hierarchical runs: the round's traffic per tier and the WAN bytes it saved against the same
    /// round flat (nil in flat runs, and in reports written before aggregators existed).
    public var tiers: TierTraffic?
    /// Continual learning: after the last round of a task, the global model's accuracy on the test
    /// samples of each task seen so far, in task order (nil in other rounds and other runs).
    public var taskAccuracy: [Double]?

    public init(round: Int) {
        self.round = round
        invited = []
        completed = []
        straggled = []
        surplus = []
        dropped = []
        failed = []
        clientAccuracy = [:]
        clientVirtualSeconds = [:]
        virtualSeconds = 0
        wallSeconds = 0
        wireBytesDown = 0
        wireBytesUp = 0
        logicalBytesDown = 0
        logicalBytesUp = 0
    }
}
