import ActorMesh

extension RunReport {
    /// One line per client: how often it was invited and what happened, its mean virtual round time,
    /// the logical bytes it received and sent, and its last federated-evaluation accuracy.
    public func clientTable() -> String {
        struct Tally {
            var invited = 0, completed = 0, straggled = 0, surplus = 0, dropped = 0, failed = 0
            var seconds: [Double] = []
            var down = 0, up = 0
            var accuracy: Double?
        }
        var tallies: [Int: Tally] = [:]
        for r in rounds {
            for id in r.invited { tallies[id, default: Tally()].invited += 1 }
            for id in r.completed { tallies[id, default: Tally()].completed += 1 }
            for id in r.straggled { tallies[id, default: Tally()].straggled += 1 }
            for id in r.surplus { tallies[id, default: Tally()].surplus += 1 }
            for id in r.dropped { tallies[id, default: Tally()].dropped += 1 }
            for id in r.failed { tallies[id, default: Tally()].failed += 1 }
            for (id, s) in r.clientVirtualSeconds { tallies[id, default: Tally()].seconds.append(s) }
            for (id, b) in r.clientBytesDown ?? [:] { tallies[id, default: Tally()].down += b }
            for (id, b) in r.clientBytesUp ?? [:] { tallies[id, default: Tally()].up += b }
            for (id, a) in r.clientAccuracy { tallies[id, default: Tally()].accuracy = a }
        }
        var out = "client  invited  done  strag  surp  drop  fail   mean virtual        down          up  accuracy\n"
        for (id, t) in tallies.sorted(by: { $0.key < $1.key }) {
            let mean = t.seconds.isEmpty ? "-" : Self.seconds(t.seconds.reduce(0, +) / Double(t.seconds.count))
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
