import ActorMesh
import Foundation

/// The record of a federated run: settings in words, every round, the traffic ledgers, and totals.
public struct RunReport: Codable, Sendable, Equatable {
    /// A few lines describing the run (strategy, model, data, clients), for humans and agents.
    public var summary: [String: String]
    public var rounds: [RoundRecord]
    /// Traffic ledgers by node endpoint (the server's node and every client node).
    public var ledgers: [String: TrafficReport]
    /// The topology's name for each node endpoint (`server` for the FL server's own node), so a
    /// reader can tell the ledgers apart; absent in reports written before it existed.
    public var nodeNames: [String: String]?
    /// Every client node of the run and how it fared (up, lost, rejoined, with its down/up periods);
    /// nil in reports written before it existed and in runs without nodes.
    public var nodes: [NodeRecord]?
    /// True when the run was stopped (SIGINT/SIGTERM) before its last round: `rounds` are the rounds
    /// completed, and the checkpoint written with the report continues the run. nil otherwise.
    public var interrupted: Bool?
    /// A `messy:` run's data stages: which clients trained on prepared data, which were left out and
    /// why, and every exchange of the stages; nil for other runs.
    package var dataStages: PreparedClients?

    public init(
        summary: [String: String] = [:], rounds: [RoundRecord] = [], ledgers: [String: TrafficReport] = [:],
        nodeNames: [String: String]? = nil
    ) {
        self.summary = summary
        self.rounds = rounds
        self.ledgers = ledgers
        self.nodeNames = nodeNames
    }

    /// `name (endpoint)` when the node's name is known, else the endpoint.
    package func nodeLabel(_ endpoint: String) -> String {
        nodeNames?[endpoint].map { "\($0) (\(endpoint))" } ?? endpoint
    }

    /// The ledgers ordered by node name (the server first), then endpoint.
    package var ledgersInOrder: [(label: String, ledger: TrafficReport)] {
        func key(_ endpoint: String) -> (Int, String, String) {
            let name = nodeNames?[endpoint]
            return (name == "server" ? 0 : name == nil ? 2 : 1, name ?? "", endpoint)
        }
        return ledgers.sorted { key($0.key) < key($1.key) }.map { (nodeLabel($0.key), $0.value) }
    }

    /// The last round's centralized accuracy, if evaluated.
    public var finalAccuracy: Double? { rounds.last(where: { $0.globalAccuracy != nil })?.globalAccuracy }

    public var totalWireBytesDown: Int { rounds.reduce(0) { $0 + $1.wireBytesDown } }
    public var totalWireBytesUp: Int { rounds.reduce(0) { $0 + $1.wireBytesUp } }
    public var totalVirtualSeconds: Double { rounds.reduce(0) { $0 + $1.virtualSeconds } }
    public var totalWallSeconds: Double { rounds.reduce(0) { $0 + $1.wallSeconds } }

    /// Wire bytes (down + up) spent until the global accuracy first reached `target`, or nil if it never did.
    public func bytesToReach(accuracy target: Double) -> Int? {
        var spent = 0
        for r in rounds {
            spent += r.wireBytesDown + r.wireBytesUp
            if let a = r.globalAccuracy, a >= target { return spent }
        }
        return nil
    }

    /// Pretty-printed JSON.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Reads a report written by ``jsonData()``.
    public static func load(from data: Data) throws -> RunReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(RunReport.self, from: data)
    }

    /// One line per round, comma-separated, with a header. `late_applied` and `too_stale` count the
    /// late updates of asynchronous strategies (empty for synchronous ones); `aggregation_error` says
    /// why the strategy could not aggregate a round that kept the previous model (quoted; empty otherwise).
    public func csv() -> String {
        var out =
            "round,invited,completed,straggled,surplus,dropped,failed,global_accuracy,global_loss,train_loss,virtual_s,wall_s,app_bytes_down,app_bytes_up,est_ethernet_bytes_down,est_ethernet_bytes_up,logical_bytes_down,logical_bytes_up,late_applied,too_stale,aggregation_error\n"
        func opt(_ v: Double?) -> String { v.map { String(format: "%.6f", $0) } ?? "" }
        for r in rounds {
            let counts: [String] = [
                r.round, r.invited.count, r.completed.count, r.straggled.count, r.surplus.count,
                r.dropped.count, r.failed.count,
            ].map { String($0) }
            let metrics: [String] = [opt(r.globalAccuracy), opt(r.globalLoss), opt(r.trainLoss)]
            let times: [String] = [String(format: "%.3f", r.virtualSeconds), String(format: "%.3f", r.wallSeconds)]
            let bytes: [String] = [
                String(r.wireBytesDown), String(r.wireBytesUp), r.estimatedEthernetBytesDown.map(String.init) ?? "",
                r.estimatedEthernetBytesUp.map(String.init) ?? "", String(r.logicalBytesDown), String(r.logicalBytesUp),
            ]
            let late: [String] = [r.lateApplied, r.tooStale].map { $0.map { String($0.count) } ?? "" }
            let error =
                r.aggregationError.map {
                    "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"").replacingOccurrences(of: "\n", with: " ")
                        + "\""
                } ?? ""
            out += (counts + metrics + times + bytes + late + [error]).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The header of ``consoleLine(_:)``. `spare`: over-committed clients that answered in time but
    /// after the round had its first k answers (not used, not stragglers). `late`: stragglers' updates
    /// from earlier rounds that the strategy applied this round (asynchronous strategies; `-` for
    /// synchronous ones).
    package static let consoleHeader =
        """
        round  done/inv  spare  strag  late  drop  fail   accuracy      loss   virtual      wall        down          \
        up
        """

    /// A compact console line for one round. A round that kept the model says why after it, and the
    /// failed clients' reasons follow on their own lines (one per distinct reason, at most three).
    package static func consoleLine(_ r: RoundRecord) -> String {
        let acc = r.globalAccuracy.map { String(format: "%8.4f", $0) } ?? "       -"
        let loss = r.globalLoss.map { String(format: "%9.4f", $0) } ?? "        -"
        let late = (r.lateApplied.map { String($0.count) } ?? "-").leftPadded(4)
        var line =
            String(
                format: "%5d  %4d/%-3d  %5d  %5d  %@  %4d  %4d  %@  %@  %7.1fs  %7.2fs  %10@  %10@",
                r.round, r.completed.count, r.invited.count, r.surplus.count, r.straggled.count, late, r.dropped.count,
                r.failed.count, acc, loss, r.virtualSeconds, r.wallSeconds,
                ByteCount.format(r.wireBytesDown), ByteCount.format(r.wireBytesUp))
            + (r.aggregationError.map { "  model kept: \($0)" } ?? "")
        let byReason = Dictionary(grouping: (r.failureReasons ?? [:]).sorted { $0.key < $1.key }, by: \.value)
            .map { (reason: $0.key, clients: $0.value.map(\.key)) }
            .sorted { $0.clients[0] < $1.clients[0] }
        for group in byReason.prefix(3) {
            let who =
                group.clients.count == 1
                ? "client \(group.clients[0])" : "clients " + group.clients.map(String.init).joined(separator: ", ")
            line += "\n         \(who) failed: \(group.reason)"
        }
        if byReason.count > 3 {
            let more = byReason.count - 3
            line += "\n         (\(more) more reason\(more == 1 ? "" : "s") in the JSON report's failureReasons)"
        }
        return line
    }

    /// The whole run as a console table with totals.
    package func consoleTable() -> String {
        var out = Self.consoleHeader + "\n"
        for r in rounds { out += Self.consoleLine(r) + "\n" }
        out += String(
            format: "total: %d rounds, %.1fs virtual, %.2fs wall, %@ down, %@ up",
            rounds.count, totalVirtualSeconds, totalWallSeconds,
            ByteCount.format(totalWireBytesDown), ByteCount.format(totalWireBytesUp))
        if let a = finalAccuracy { out += String(format: ", final accuracy %.4f", a) }
        return out + "\n"
    }
}
