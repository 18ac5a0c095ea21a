/// How one client node fared during a run, for the report: where it was, whether it was lost, when
/// and why, and every period it spent up, down or rejoining.
public struct NodeRecord: Codable, Sendable, Equatable {
    /// One period of a node's life. `state` is `up`, `down` or `rejoining`; `since` is seconds since
    /// the run started; `round` the round under way then (0: before the first round).
    public struct Period: Codable, Sendable, Equatable {
        public var state: String
        public var since: Double
        public var round: Int
        public var reason: String?
        public init(state: String, since: Double, round: Int, reason: String? = nil) {
            self.state = state
            self.since = since
            self.round = round
            self.reason = reason
        }
    }

    /// The topology's name of the host.
    public var name: String
    /// Where it was last reached.
    public var endpoint: String
    /// Its state when the run ended: `up`, `down` or `rejoining`.
    public var finalState: String
    /// Seconds since the run started and round when it was first lost, and why; nil if it never was.
    public var lostAtSeconds: Double?
    /// The round under way when it was first lost.
    public var lostAtRound: Int?
    /// Why it was first lost (its process exited, its connection dropped, heartbeats went unanswered).
    public var lostReason: String?
    /// Whether its traffic in the report stops at its last ledger report (it could not be asked at the end).
    public var ledgerIncomplete: Bool
    /// Every state it went through, oldest first.
    public var periods: [Period]

    public init(
        name: String, endpoint: String, finalState: String, lostAtSeconds: Double? = nil, lostAtRound: Int? = nil,
        lostReason: String? = nil, ledgerIncomplete: Bool = false, periods: [Period] = []
    ) {
        self.name = name
        self.endpoint = endpoint
        self.finalState = finalState
        self.lostAtSeconds = lostAtSeconds
        self.lostAtRound = lostAtRound
        self.lostReason = lostReason
        self.ledgerIncomplete = ledgerIncomplete
        self.periods = periods
    }

    /// Whether it was down at some point of the run.
    public var wasLost: Bool { lostAtSeconds != nil }

    /// One console line: `node X lost at round 3 (12.4 s): reason; …`, or nil for a node that never went down.
    package var consoleLine: String? {
        guard let seconds = lostAtSeconds else { return nil }
        var line =
            """
            node \(name) lost at round \(lostAtRound ?? 0) (\(String(format: "%.1f", seconds)) s): \
            \(lostReason ?? "no reason known")
            """
        let rejoins = periods.filter { $0.state == "up" }.count - 1
        if rejoins > 0 { line += "; rejoined \(rejoins == 1 ? "once" : "\(rejoins) times")" }
        line += finalState == "up" ? "; up at the end" : "; \(finalState) at the end"
        line += ledgerIncomplete ? "; traffic counted up to its last report" : ""
        return line
    }
}
