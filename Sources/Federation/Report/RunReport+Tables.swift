import ActorMesh

extension RunReport {
    /// One line per client: how often it was invited and what happened, its mean virtual round time,
    /// the logical bytes it received and sent, and its last federated-evaluation accuracy.
    package func clientTable() -> String {
        let tallies = clientTallies
        var out = "client  invited  done  strag  surp  drop  fail   mean virtual        down          up  accuracy\n"
        for (id, t) in tallies.sorted(by: { $0.key < $1.key }) {
            let mean = t.meanSeconds.map(Self.seconds) ?? "-"
            out +=
                String(id).leftPadded(6) + String(t.invited).leftPadded(9) + String(t.completed).leftPadded(6)
                + String(t.straggled).leftPadded(7) + String(t.surplus).leftPadded(6) + String(t.dropped).leftPadded(6)
                + String(t.failed).leftPadded(6) + mean.leftPadded(15) + ByteCount.format(t.down).leftPadded(12)
                + ByteCount.format(t.up).leftPadded(12)
                + (t.accuracy.map { String(format: "%.4f", $0) } ?? "-").leftPadded(10) + "\n"
        }
        return out
    }

    /// Bytes and messages by actor role (the actor type's last name) over every node's ledger: each
    /// message counted once, by the node that sent it, split into requests and replies.
    package var roleTraffic: [String: (requests: TrafficCounters, replies: TrafficCounters)] {
        var out: [String: (requests: TrafficCounters, replies: TrafficCounters)] = [:]
        for ledger in ledgers.values {
            for row in ledger.rows where row.key.direction == .sent {
                let role = String(row.key.actorType.split(separator: ".").last ?? Substring(row.key.actorType))
                var entry = out[role] ?? (TrafficCounters(), TrafficCounters())
                if row.key.kind == .request {
                    entry.requests = entry.requests + row.counters
                } else {
                    entry.replies = entry.replies + row.counters
                }
                out[role] = entry
            }
        }
        return out
    }

    /// Traffic by actor role (``roleTraffic``) as a table.
    package func roleTable() -> String {
        let traffic = roleTraffic
        var out = "role                      requests   request bytes    replies     reply bytes     total bytes\n"
        for (role, counts) in traffic.sorted(by: { $0.key < $1.key }) {
            let q = counts.requests, a = counts.replies
            out +=
                role.padded(24) + String(q.messages).leftPadded(10) + ByteCount.format(q.totalBytes).leftPadded(16)
                + String(a.messages).leftPadded(11) + ByteCount.format(a.totalBytes).leftPadded(16)
                + ByteCount.format(q.totalBytes + a.totalBytes).leftPadded(16) + "\n"
        }
        return out
    }

    private static func seconds(_ s: Double) -> String {
        s < 100 ? String(format: "%.2fs", s) : String(format: "%.0fs", s)
    }
}
