/// The mesh's table of peer states, fed by the transport's peer news, and the rule for which
/// waiting calls each piece of news fails.
///
/// A plain value kept behind the system's lock, so the rules are testable without sockets:
/// - up: the peer is up; nothing fails.
/// - disconnected: the peer is down; every call waiting on it fails (``MeshError/Code/connectionLost``):
///   its request went down with the connection, or never left.
/// - refused (a peer never connected): the peer is down; every call waiting on it fails
///   (``MeshError/Code/connectionRefused``): the transport discarded their requests.
/// - reconnect failed (a peer that was up): the calls that were already waiting at the previous
///   failed attempt fail; newer ones wait for the next attempt. A request sent just before a
///   restarted peer came back is so delivered, not failed by an attempt that was made before the
///   peer listened again; any other call to a dead peer fails within two reconnection attempts.
struct PeerLiveness {
    /// Which waiting calls a piece of news fails.
    enum Failing: Equatable {
        case none
        /// Every call waiting on the peer.
        case all
        /// These calls (ids of the pending-call table).
        case calls(Set<UInt64>)
    }

    /// What the system must do about one piece of news.
    struct Decision: Equatable {
        /// The peer's new state, when it changed: publish it.
        var change: PeerEvent?
        var failing: Failing = .none
    }

    private struct Record {
        var state = PeerState()
        /// Calls that were waiting when the last reconnection attempt failed.
        var waitingAtLastFailure: Set<UInt64> = []
    }
    private var records: [String: Record] = [:]

    /// The state of `peer` (``PeerState/unknown`` if nothing was heard).
    func state(of peer: String) -> PeerState { records[peer]?.state ?? .unknown }

    /// Every peer something was heard of.
    var states: [String: PeerState] { records.mapValues(\.state) }

    /// The connection to `peer` is up.
    mutating func up(_ peer: String, at now: Duration) -> Decision {
        var record = records[peer] ?? Record()
        record.waitingAtLastFailure = []
        record.state.wasEverUp = true
        let change = transition(&record, peer, to: .up, reason: nil, message: nil, at: now)
        records[peer] = record
        return Decision(change: change)
    }

    /// The connection to `peer` dropped (or never completed its handshake).
    mutating func disconnected(_ peer: String, message: String, at now: Duration) -> Decision {
        var record = records[peer] ?? Record()
        record.waitingAtLastFailure = []
        let change = transition(&record, peer, to: .down, reason: .disconnected, message: message, at: now)
        records[peer] = record
        return Decision(change: change, failing: .all)
    }

    /// An attempt to connect to `peer` failed. `discarded`: the transport dropped what was queued
    /// (a peer never connected); otherwise `waiting` are the calls waiting on `peer` now.
    mutating func refused(_ peer: String, message: String, discarded: Bool, waiting: Set<UInt64>, at now: Duration)
        -> Decision
    {
        var record = records[peer] ?? Record()
        // A peer already down stays down for its first reason (a drop, then failing reconnections).
        let change =
            record.state.status == .down
            ? nil : transition(&record, peer, to: .down, reason: .refused, message: message, at: now)
        let failing: Failing
        if discarded {
            record.waitingAtLastFailure = []
            failing = .all
        } else {
            let stale = record.waitingAtLastFailure.intersection(waiting)
            record.waitingAtLastFailure = waiting.subtracting(stale)
            failing = stale.isEmpty ? .none : .calls(stale)
        }
        records[peer] = record
        return Decision(change: change, failing: failing)
    }

    private func transition(
        _ record: inout Record, _ peer: String, to status: PeerState.Status, reason: PeerState.DownReason?,
        message: String?, at now: Duration
    ) -> PeerEvent? {
        guard record.state.status != status else { return nil }
        record.state.status = status
        record.state.since = now
        record.state.downReason = reason
        record.state.message = message
        return PeerEvent(endpoint: peer, state: record.state)
    }
}
