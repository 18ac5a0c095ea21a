import Foundation

/// A hierarchical round's traffic per tier, in logical bytes (4 per float, or an encoded update's
/// size: what the virtual clock moves), and what the same round would have put on the WAN flat.
public struct TierTraffic: Codable, Sendable, Equatable {
    /// Models the aggregators sent their clients, and updates the clients sent back.
    public var clientAggregatorDown: Int
    public var clientAggregatorUp: Int
    /// Models the server sent the aggregators (one per site), and the sites' updates.
    public var aggregatorServerDown: Int
    public var aggregatorServerUp: Int
    /// The same round flat: every invited client's model and every answering client's update would
    /// have crossed the aggregator↔server links (the WAN) on its own. Computed from this round's
    /// client traffic, not from a second run.
    public var flatDown: Int
    public var flatUp: Int

    public init(
        clientAggregatorDown: Int = 0, clientAggregatorUp: Int = 0, aggregatorServerDown: Int = 0,
        aggregatorServerUp: Int = 0, flatDown: Int = 0, flatUp: Int = 0
    ) {
        self.clientAggregatorDown = clientAggregatorDown
        self.clientAggregatorUp = clientAggregatorUp
        self.aggregatorServerDown = aggregatorServerDown
        self.aggregatorServerUp = aggregatorServerUp
        self.flatDown = flatDown
        self.flatUp = flatUp
    }

    /// WAN bytes the aggregation tier saved against the same round flat.
    public var savedBytes: Int { flatDown + flatUp - aggregatorServerDown - aggregatorServerUp }

    /// The sum of two rounds' traffic.
    public static func + (a: TierTraffic, b: TierTraffic) -> TierTraffic {
        TierTraffic(
            clientAggregatorDown: a.clientAggregatorDown + b.clientAggregatorDown,
            clientAggregatorUp: a.clientAggregatorUp + b.clientAggregatorUp,
            aggregatorServerDown: a.aggregatorServerDown + b.aggregatorServerDown,
            aggregatorServerUp: a.aggregatorServerUp + b.aggregatorServerUp, flatDown: a.flatDown + b.flatDown,
            flatUp: a.flatUp + b.flatUp)
    }
}

extension RunReport {
    /// The report's summary lines for a hierarchical run (empty for a flat one): each tier's traffic
    /// over every round, and the WAN bytes saved against the same rounds flat.
    package var tierSummary: [String: String] {
        let tiers = rounds.compactMap(\.tiers)
        guard !tiers.isEmpty else { return [:] }
        let total = tiers.reduce(TierTraffic(), +)
        func mb(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1e6) }
        let flat = total.flatDown + total.flatUp
        let share =
            flat > 0
            ? String(format: " (%.1f%% of %@ flat)", 100 * Double(total.savedBytes) / Double(flat), mb(flat)) : ""
        return [
            "traffic client-aggregator":
                "\(mb(total.clientAggregatorDown)) down, \(mb(total.clientAggregatorUp)) up (logical)",
            "traffic aggregator-server":
                "\(mb(total.aggregatorServerDown)) down, \(mb(total.aggregatorServerUp)) up (logical)",
            "WAN bytes saved vs flat": "\(total.savedBytes)\(share)",
        ]
    }
}
