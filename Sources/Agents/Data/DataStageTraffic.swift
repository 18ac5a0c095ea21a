import ActorMesh
import Foundation

/// The data stages' traffic from a ledger: messages and bytes per stage, actor type and method, so a
/// reader sees what each stage put on the mesh (cards, rules, counts, mappings: never samples).
package struct DataStageTraffic: Codable, Sendable, Equatable {
    package struct Row: Codable, Sendable, Equatable {
        package var stage: String
        package var actorType: String
        package var method: String
        package var messages: Int
        package var bytes: Int
        /// The largest message's bytes is not in the ledger; this is the mean, bytes / messages.
        package var meanBytes: Int { messages == 0 ? 0 : bytes / messages }
    }

    package var rows: [Row]

    /// The stage a data agent's method belongs to (nil: not a data-stage method).
    package static func stage(actorType: String, method: String) -> String? {
        let type = actorType.split(separator: ".").last.map(String.init) ?? actorType
        switch (type, method.prefix { $0 != "(" }) {
        case ("ClientDataAgent", "describe"): return DataStages.stageNames[0]
        case ("ServerDataAgent", "select"): return DataStages.stageNames[1]
        case ("ServerDataAgent", "cleaningRules"), ("ClientDataAgent", "clean"): return DataStages.stageNames[2]
        case ("ServerDataAgent", "harmonize"), ("ClientDataAgent", "relabel"), ("HumanGateAgent", "settle"):
            return DataStages.stageNames[3]
        case ("ClientHost", "createDataAgents"): return "data-agents-start"
        default: return nil
        }
    }

    /// The rows of `ledger` (calls and replies, sent and received) that belong to a data stage.
    package init(ledger: TrafficReport) {
        var sums: [String: Row] = [:]
        for row in ledger.rows where row.key.direction == .sent || row.key.direction == .received {
            guard let stage = Self.stage(actorType: row.key.actorType, method: row.key.method) else { continue }
            let type = row.key.actorType.split(separator: ".").last.map(String.init) ?? row.key.actorType
            let key = "\(stage)|\(type)|\(row.key.method)"
            var sum = sums[key] ?? Row(stage: stage, actorType: type, method: row.key.method, messages: 0, bytes: 0)
            sum.messages += row.counters.messages
            sum.bytes += row.counters.totalBytes
            sums[key] = sum
        }
        let order = ["data-agents-start"] + DataStages.stageNames
        rows = sums.values.sorted {
            (order.firstIndex(of: $0.stage) ?? 9, $0.actorType, $0.method)
                < (order.firstIndex(of: $1.stage) ?? 9, $1.actorType, $1.method)
        }
    }

    /// A fixed-width table, one row per stage and method, then each stage's total (a stage decided
    /// where its agent lives, with nothing on the mesh, totals 0).
    package func table() -> String {
        var lines = ["stage               method                             messages      bytes  bytes/msg"]
        for r in rows { lines.append(Self.line(r.stage, "\(r.actorType).\(r.method)", r.messages, r.bytes)) }
        for stage in DataStages.stageNames {
            let of = rows.filter { $0.stage == stage }
            let (messages, bytes) = (of.map(\.messages).reduce(0, +), of.map(\.bytes).reduce(0, +))
            lines.append(Self.line(stage, "total", messages, bytes))
        }
        return lines.joined(separator: "\n")
    }

    private static func line(_ stage: String, _ method: String, _ messages: Int, _ bytes: Int) -> String {
        func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        return stage.padding(toLength: 20, withPad: " ", startingAt: 0)
            + method.padding(toLength: 34, withPad: " ", startingAt: 0) + pad("\(messages)", 9)
            + pad(ByteCount.format(bytes), 11) + pad("\(messages == 0 ? 0 : bytes / messages)", 11)
    }
}
