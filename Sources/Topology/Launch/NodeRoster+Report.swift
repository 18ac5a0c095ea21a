import ActorMesh
import Federation

/// The roster's part of the report: the ledgers the nodes reported, and each node's record.
extension NodeRoster {
    /// The nodes that are up now, with their endpoints.
    package var upNodes: [(name: String, endpoint: String)] {
        state.withLock { s in
            s.entries.values.filter { $0.liveness.state == .up }.map { ($0.name, $0.endpoint) }.sorted {
                $0.name < $1.name
            }
        }
    }

    /// Node `name`'s ledger as it reported it now (the latest snapshot replaces the one before).
    package func received(ledger: TrafficReport, from name: String, endpoint: String) {
        state.withLock { s in
            // An answer from an address the node has since left belongs to an earlier incarnation.
            guard s.entries[name]?.endpoint == endpoint else { return }
            s.entries[name]?.ledger = ledger
            s.entries[name]?.ledgerIsFinal = true
        }
    }

    /// Node `name` did not answer a ledger request: the last snapshot stands, marked not final.
    package func ledgerMissing(from name: String) {
        state.withLock { $0.entries[name]?.ledgerIsFinal = false }
    }

    /// Every ledger in hand by the key the report files it under, and that key's node name. An
    /// earlier incarnation's ledger is filed under its endpoint with `#n` when the address was reused.
    package var ledgers: (byKey: [String: TrafficReport], names: [String: String]) {
        state.withLock { s in
            var byKey: [String: TrafficReport] = [:], names: [String: String] = [:]
            for entry in s.entries.values {
                for (i, earlier) in entry.earlierLedgers.enumerated() {
                    let key =
                        earlier.endpoint == entry.endpoint || byKey[earlier.endpoint] != nil
                        ? "\(earlier.endpoint)#\(i + 1)" : earlier.endpoint
                    byKey[key] = earlier.ledger
                    names[key] = "\(entry.name) (incarnation \(i + 1))"
                }
                if let ledger = entry.ledger {
                    byKey[entry.endpoint] = ledger
                    names[entry.endpoint] =
                        entry.earlierLedgers.isEmpty
                        ? entry.name : "\(entry.name) (incarnation \(entry.earlierLedgers.count + 1))"
                }
            }
            return (byKey, names)
        }
    }

    /// Each node's record for the report, by name.
    package var records: [NodeRecord] {
        state.withLock { s in
            s.entries.values.sorted { $0.name < $1.name }.map { entry in
                let periods = zip(entry.liveness.history, entry.rounds).map { period, round in
                    NodeRecord.Period(
                        state: period.state.rawValue, since: period.since, round: round, reason: period.reason)
                }
                let lossIndex = entry.liveness.history.firstIndex { $0.state == .down }
                let loss = lossIndex.map { entry.liveness.history[$0] }
                return NodeRecord(
                    name: entry.name, endpoint: entry.endpoint, finalState: entry.liveness.state.rawValue,
                    lostAtSeconds: loss?.since,
                    lostAtRound: lossIndex.map { entry.rounds[$0] }, lostReason: loss?.reason,
                    ledgerIncomplete: entry.liveness.state != .up || !entry.ledgerIsFinal || entry.ledger == nil,
                    periods: periods)
            }
        }
    }
}
