import ActorMesh

/// The counters a ledger's rows become, by peer, actor type, method and direction (requests and
/// replies summed), and how much to add to each so the counters equal a new snapshot of the ledger.
///
/// Counters only grow: a ledger row that shrank (a send the transport refused is taken back) keeps its
/// counter where it was until the row passes it again. Label sets are bounded by the ledger itself
/// (peers are the run's nodes; refused traffic sits in fixed rows); past ``maxSeries`` label sets, new
/// ones fold into one with peer `other`, so the totals still hold.
struct LedgerMirror {
    /// The labels of one series.
    struct Series: Hashable, Comparable {
        var peer: String
        var actor: String
        var method: String
        var direction: String

        var labels: [(String, String)] {
            [("peer", peer), ("actor", actor), ("method", method), ("direction", direction)]
        }

        static func < (a: Self, b: Self) -> Bool {
            (a.peer, a.actor, a.method, a.direction) < (b.peer, b.actor, b.method, b.direction)
        }
    }

    struct Totals: Equatable {
        var bytes = 0
        var messages = 0
    }

    static let maxSeries = 4096
    private(set) var pushed: [Series: Totals] = [:]

    /// The snapshot's totals by series.
    func totals(of report: TrafficReport) -> [Series: Totals] {
        var out: [Series: Totals] = [:]
        var fresh = 0
        for row in report.rows {
            var series = Series(
                peer: row.key.peer, actor: row.key.actorType, method: row.key.method,
                direction: row.key.direction.rawValue)
            if pushed[series] == nil, out[series] == nil {
                if pushed.count + fresh >= Self.maxSeries { series.peer = "other" }
                if out[series] == nil, pushed[series] == nil { fresh += 1 }
            }
            out[series, default: Totals()].bytes += row.counters.totalBytes
            out[series, default: Totals()].messages += row.counters.messages
        }
        return out
    }

    /// What to add to each series' counters for them to equal `report`, and takes it as pushed.
    mutating func increments(toMatch report: TrafficReport) -> [(Series, Totals)] {
        var out: [(Series, Totals)] = []
        for (series, now) in totals(of: report).sorted(by: { $0.key < $1.key }) {
            let before = pushed[series] ?? Totals()
            let add = Totals(bytes: max(0, now.bytes - before.bytes), messages: max(0, now.messages - before.messages))
            guard add != Totals() || pushed[series] == nil else { continue }
            pushed[series] = Totals(bytes: max(now.bytes, before.bytes), messages: max(now.messages, before.messages))
            out.append((series, add))
        }
        return out
    }
}
