import ActorMesh

extension RunReport {
    /// One line per client: how often it was invited and what happened, its mean virtual round time,
    /// the logical bytes it received and sent, and its last federated-evaluation accuracy.
    public func clientTable() -> String {
        let tallies = clientTallies
        var out = "client  invited  done  strag  surp  drop  fail   mean virtual        down          up  accuracy\n"
        for (id, t) in tallies.sorted(by: { $0.key < $1.key }) {
            let mean = t.meanSeconds.map(Self.seconds) ?? "-"
            out += String(id).leftPadded(6) + String(t.invited).leftPadded(9) + String(t.completed).leftPadded(6)
                + String(t.straggled).leftPadded(7) + String(t.surplus).leftPadded(6) + String(t.dropped).leftPadded(6)
                + String(t.failed).leftPadded(6) + mean.leftPadded(15) + ByteCount.format(t.down).leftPadded(12)
                + ByteCount.format(t.up).leftPadded(12) + (t.accuracy.map { String(format: "%.4f", $0) } ?? "-").leftPadded(10) + "\n"
        }
        return out
    }

    /// Traffic by actor role (actor type) over every node's ledger: each message is counted once, by
    /// the node that sent it, split into requests and replies.
    public func roleTable() -> String {
        var requests: [String: TrafficCounters] = [:], replies: [String: TrafficCounters] = [:]
        for ledger in ledgers.values {
            for row in ledger.rows where row.key.direction == .sent {
                let role = String(row.key.actorType.split(separator: ".").last ?? Substring(row.key.actorType))
                if row.key.kind == .request {
                    requests[role, default: TrafficCounters()] = requests[role, default: TrafficCounters()] + row.counters
                } else {
                    replies[role, default: TrafficCounters()] = replies[role, default: TrafficCounters()] + row.counters
                }
            }
        }
        var out = "role                      requests   request bytes    replies     reply bytes     total bytes\n"
        for role in Set(requests.keys).union(replies.keys).sorted() {
            let q = requests[role] ?? TrafficCounters(), a = replies[role] ?? TrafficCounters()
            out += role.padded(24) + String(q.messages).leftPadded(10) + ByteCount.format(q.totalBytes).leftPadded(16)
                + String(a.messages).leftPadded(11) + ByteCount.format(a.totalBytes).leftPadded(16)
                + ByteCount.format(q.totalBytes + a.totalBytes).leftPadded(16) + "\n"
        }
        return out
    }

    private static func seconds(_ s: Double) -> String { s < 100 ? String(format: "%.2fs", s) : String(format: "%.0fs", s) }
}
