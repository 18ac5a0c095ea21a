import ActorMesh

/// The report's CSV tables beyond the per-round one (``RunReport/csv()``): per client and per node ×
/// role, as `fedactors report` writes them.
extension RunReport {
    /// What happened to one client over the run.
    package struct ClientTally: Sendable, Equatable {
        package var invited = 0, completed = 0, straggled = 0, surplus = 0, dropped = 0, failed = 0, unreachable = 0
        /// Its virtual round times, in the rounds it answered.
        package var seconds: [Double] = []
        /// Logical bytes it was sent and sent back.
        package var down = 0, up = 0
        /// Its last federated-evaluation accuracy.
        package var accuracy: Double?

        /// Its mean virtual round time, nil when it never answered.
        package var meanSeconds: Double? { seconds.isEmpty ? nil : seconds.reduce(0, +) / Double(seconds.count) }
    }

    /// Every client's tally, by client id.
    package var clientTallies: [Int: ClientTally] {
        var tallies: [Int: ClientTally] = [:]
        for r in rounds {
            for id in r.invited { tallies[id, default: ClientTally()].invited += 1 }
            for id in r.completed { tallies[id, default: ClientTally()].completed += 1 }
            for id in r.straggled { tallies[id, default: ClientTally()].straggled += 1 }
            for id in r.surplus { tallies[id, default: ClientTally()].surplus += 1 }
            for id in r.dropped { tallies[id, default: ClientTally()].dropped += 1 }
            for id in r.failed { tallies[id, default: ClientTally()].failed += 1 }
            for id in r.unreachable ?? [] { tallies[id, default: ClientTally()].unreachable += 1 }
            for (id, s) in r.clientVirtualSeconds { tallies[id, default: ClientTally()].seconds.append(s) }
            for (id, b) in r.clientBytesDown ?? [:] { tallies[id, default: ClientTally()].down += b }
            for (id, b) in r.clientBytesUp ?? [:] { tallies[id, default: ClientTally()].up += b }
            for (id, a) in r.clientAccuracy { tallies[id, default: ClientTally()].accuracy = a }
        }
        return tallies
    }

    /// One line per client, with a header: `client,invited,completed,straggled,surplus,dropped,failed,
    /// unreachable,mean_virtual_s,logical_bytes_down,logical_bytes_up,last_accuracy` (empty where unknown).
    public func clientsCSV() -> String {
        var out =
            "client,invited,completed,straggled,surplus,dropped,failed,unreachable,mean_virtual_s,logical_bytes_down,logical_bytes_up,last_accuracy\n"
        for (id, t) in clientTallies.sorted(by: { $0.key < $1.key }) {
            let counts = [id, t.invited, t.completed, t.straggled, t.surplus, t.dropped, t.failed, t.unreachable].map {
                String($0)
            }
            let rest = [
                t.meanSeconds.map { String(format: "%.6f", $0) } ?? "", String(t.down), String(t.up),
                t.accuracy.map { String(format: "%.6f", $0) } ?? "",
            ]
            out += (counts + rest).joined(separator: ",") + "\n"
        }
        return out
    }

    /// One line per ledger row of every node, with a header: `node,node_name,peer,actor_type,method,
    /// direction,kind,messages,frames,envelope_bytes,payload_bytes` — the traffic by node × role ×
    /// method, as each node metered it (refused traffic in its fixed rows, direction `rejected`).
    public func trafficCSV() -> String {
        var out = "node,node_name,peer,actor_type,method,direction,kind,messages,frames,envelope_bytes,payload_bytes\n"
        for (endpoint, ledger) in ledgers.sorted(by: { $0.key < $1.key }) {
            for row in ledger.rows {
                let k = row.key, c = row.counters
                let fields =
                    [
                        Self.csvField(endpoint), Self.csvField(nodeNames?[endpoint]), Self.csvField(k.peer),
                        Self.csvField(k.actorType),
                        Self.csvField(k.method), k.direction.rawValue, k.kind.rawValue,
                    ]
                    + [c.messages, c.frames, c.envelopeBytes, c.payloadBytes].map { String($0) }
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// `text` as one CSV field: quoted (quotes doubled, line breaks as spaces) when it holds a comma, a
    /// quote or a line break; empty for nil.
    package static func csvField(_ text: String?) -> String {
        guard let text else { return "" }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"").replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
