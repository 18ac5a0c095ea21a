import ActorMesh
import Foundation

/// Per agent role: the messages and bytes its exchanges put on the mesh (from the ledger of the node
/// that drives the workflow), the part of those bytes that crossed to another process (a role placed
/// on a `fedactors node` with `--agents-on`), where the role ran, the LLM calls and tokens it used,
/// and the time it took (from the transcript). Shown in `fedactors auto`'s report.
package struct RoleMetering: Codable, Sendable, Equatable {
    package struct Row: Codable, Sendable, Equatable {
        package var role: String
        package var messages: Int
        package var bytes: Int
        /// The bytes exchanged with a node in another process (0 for a role in the driver's process).
        package var crossProcessBytes: Int
        /// Where the role ran: `local` (the driver's process) or the endpoints of its node(s).
        package var node: String
        package var llmCalls: Int
        package var tokens: Int
        package var seconds: Double

        init(empty role: String) {
            self.role = role
            messages = 0; bytes = 0; crossProcessBytes = 0; node = "local"; llmCalls = 0; tokens = 0; seconds = 0
        }
    }

    package var rows: [Row]

    /// Joins the ledger's rows by actor type (`PlannerAgent` → role "planner") with the transcript.
    /// `llm` gives each role's LLM usage (the expert makes no calls, so those columns are 0 for it).
    /// `inProcess` are the endpoints of the driver's own process: traffic with any other peer crossed
    /// to another process.
    package init(
        ledger: TrafficReport, transcript: [TranscriptEntry], llm: [String: ChatUsage] = [:], inProcess: Set<String>
    ) {
        var nodes: [String: Set<String>] = [:]
        var byRole: [String: Row] = [:]
        func role(ofActorType type: String) -> String? {
            guard let name = type.split(separator: ".").last.map(String.init), name.hasSuffix("Agent") else {
                return nil
            }
            let base = String(name.dropLast("Agent".count))
            let map = [
                "Planner": "planner", "Reflector": "reflector", "HumanGate": "human-gate", "Supervisor": "supervisor",
                "ModuleCoder": "coders", "ModuleTester": "testers", "Evaluator": "evaluator", "Debugger": "debugger",
                "Reviewer": "reviewers",
            ]
            return map[base]
        }
        for row in ledger.rows where row.key.direction == .sent || row.key.direction == .received {
            guard let r = role(ofActorType: row.key.actorType) else { continue }
            byRole[r, default: Row(empty: r)].messages += row.counters.messages
            byRole[r, default: Row(empty: r)].bytes += row.counters.totalBytes
            if !inProcess.contains(row.key.peer) {
                byRole[r, default: Row(empty: r)].crossProcessBytes += row.counters.totalBytes
                nodes[r, default: []].insert(row.key.peer)
            }
        }
        for (r, peers) in nodes { byRole[r]?.node = peers.sorted().joined(separator: " ") }
        for entry in transcript {
            let r = AgentRole(transcriptName: entry.role)?.rawValue ?? entry.role
            byRole[r, default: Row(empty: r)].seconds += entry.seconds
        }
        for (r, usage) in llm {
            var row = byRole[r, default: Row(empty: r)]
            row.llmCalls = row.llmCalls.addingSaturated(usage.calls)
            row.tokens = row.tokens.addingSaturated(usage.tokens)
            byRole[r] = row
        }
        let order = AgentRole.allCases.map(\.rawValue)
        rows = byRole.values.sorted {
            (order.firstIndex(of: $0.role) ?? 99, $0.role) < (order.firstIndex(of: $1.role) ?? 99, $1.role)
        }
    }

    /// A fixed-width table.
    package func table() -> String {
        func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        var lines = [
            "role        " + pad("messages", 9) + pad("bytes", 11) + pad("cross-proc", 12) + pad("llm calls", 11)
                + pad("tokens", 9) + pad("time (s)", 10) + "  node"
        ]
        for r in rows {
            lines.append(
                r.role.padding(toLength: 12, withPad: " ", startingAt: 0) + pad("\(r.messages)", 9)
                    + pad(ByteCount.format(r.bytes), 11) + pad(ByteCount.format(r.crossProcessBytes), 12)
                    + pad("\(r.llmCalls)", 11) + pad("\(r.tokens)", 9) + pad(String(format: "%.2f", r.seconds), 10)
                    + "  " + r.node)
        }
        return lines.joined(separator: "\n")
    }
}
