import ActorMesh
import Federation
import Foundation
import Synchronization

/// The launcher's book of its client nodes: each node's liveness (``NodeLiveness``), its clients'
/// current references, the last traffic ledger it reported, and who waits for it to go down.
///
/// A thin, thread-safe shell: every decision is the state machine's; this type only applies evidence
/// under a lock, wakes the calls waiting on a node that went down, and hands the directives that need
/// work (rebuild the clients, restart the process) to whoever listens on ``directives``.
package final class NodeRoster: Sendable {
    /// A directive for one node, for the launcher's watch to carry out.
    package struct Notice: Sendable, Equatable {
        /// The node's host name.
        package var node: String
        /// What its liveness asks for.
        package var directive: NodeLiveness.Directive
    }

    struct Entry {
        var name: String
        var endpoint: String
        var liveness: NodeLiveness
        /// Rounds under way when each period of `liveness.history` began.
        var rounds: [Int]
        var clients: [Int: ClientActor] = [:]
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// The last ledger of the current incarnation, and those of earlier incarnations (oldest first).
        var ledger: TrafficReport?
        var earlierLedgers: [(endpoint: String, ledger: TrafficReport)] = []
        /// Whether the ledger in hand is the node's last word (false once it failed to answer).
        var ledgerIsFinal = true
    }

    struct State {
        var entries: [String: Entry] = [:]
        var nodeOfClient: [Int: String] = [:]
        var round = 0
        var nextWaiter: UInt64 = 0
        /// Set when the run ends: nodes stopping then are not news.
        var closed = false
    }

    let state = Mutex(State())
    private let started: ContinuousClock.Instant
    private let missesBeforeDown: Int
    /// Told of every period a node's liveness enters, as it happens (for the run's event stream).
    private let changed: @Sendable (NodeChange) -> Void
    /// Directives that need work (rejoin, a node that went down), in the order they happened.
    package let directives: AsyncStream<Notice>
    private let sink: AsyncStream<Notice>.Continuation

    /// `missesBeforeDown` heartbeats missed in a row mark a node down (see ``NodeLiveness``);
    /// `onChange` hears of every period a node enters (down, rejoining, up again), outside the lock.
    package init(
        started: ContinuousClock.Instant = .now, missesBeforeDown: Int = 3,
        onChange: @escaping @Sendable (NodeChange) -> Void = { _ in }
    ) {
        self.started = started
        self.missesBeforeDown = missesBeforeDown
        changed = onChange
        (directives, sink) = AsyncStream.makeStream(of: Notice.self)
    }

    /// Seconds since the run started.
    var now: Double { (ContinuousClock.now - started).seconds }

    /// Adds node `name`, up at `endpoint` with `clients`.
    package func register(_ name: String, endpoint: String, incarnation: UInt64?, clients: [Int: ClientActor]) {
        let at = now
        state.withLock { s in
            var entry = Entry(
                name: name, endpoint: endpoint,
                liveness: NodeLiveness(incarnation: incarnation, at: at, missesBeforeDown: missesBeforeDown),
                rounds: [s.round])
            entry.clients = clients
            s.entries[name] = entry
            for id in clients.keys { s.nodeOfClient[id] = name }
        }
    }

    /// The names of the registered nodes, sorted.
    package var names: [String] { state.withLock { $0.entries.keys.sorted() } }
    /// Where node `name` is reached now.
    package func endpoint(of name: String) -> String? { state.withLock { $0.entries[name]?.endpoint } }
    /// Node `name`'s liveness.
    package func liveness(of name: String) -> NodeLiveness? { state.withLock { $0.entries[name]?.liveness } }
    /// The node client `id` lives on.
    package func node(ofClient id: Int) -> String? { state.withLock { $0.nodeOfClient[id] } }

    /// The round under way (set by the server as each round begins).
    package var round: Int {
        get { state.withLock { $0.round } }
        set { state.withLock { $0.round = newValue } }
    }

    /// The current references of the clients of every node that is up.
    package var reachableClients: [Int: ClientActor] {
        state.withLock { s in
            s.entries.values.filter { $0.liveness.state == .up }.reduce(into: [:]) {
                $0.merge($1.clients) { a, _ in a }
            }
        }
    }

    // MARK: evidence

    /// Node `name` answered a heartbeat sent at `askedAt` as `incarnation`.
    package func answered(_ name: String, incarnation: UInt64, askedAt: Double) {
        apply(name) { $0.answered(incarnation: incarnation, at: $1, askedAt: askedAt) }
    }

    /// A heartbeat to node `name` got no answer in time.
    package func missed(_ name: String, reason: String) {
        apply(name) { $0.missed(reason: reason, at: $1) }
    }

    /// Definite evidence node `name` is gone (its process exited, its connection dropped).
    package func lost(_ name: String, reason: String) {
        apply(name) { $0.lost(reason: reason, at: $1) }
    }

    /// A call to node `name` failed because its connection dropped (ignored unless the node is up:
    /// see ``NodeLiveness/callLost(reason:at:)``).
    package func callLost(_ name: String, reason: String) {
        apply(name) { $0.callLost(reason: reason, at: $1) }
    }

    /// The mesh saw the connection to `endpoint` drop (for example from a socket monitor): the node
    /// there is marked down at once.
    package func peerDown(_ endpoint: String, reason: String) {
        guard let name = state.withLock({ s in s.entries.values.first { $0.endpoint == endpoint }?.name }) else {
            return
        }
        lost(name, reason: reason)
    }

    /// The mesh saw a connection to `endpoint` come up. Only a heartbeat can tell whether it is the
    /// same process or a new incarnation, so this asks the watch to check that node now.
    package func peerUp(_ endpoint: String) {
        guard let name = state.withLock({ s in s.entries.values.first { $0.endpoint == endpoint }?.name }) else {
            return
        }
        sink.yield(Notice(node: name, directive: .none))
    }

    /// The launcher restarts node `name`'s process; false unless it was down.
    package func restarting(_ name: String) -> Bool {
        let at = now
        let (restarting, changes) = state.withLock { s -> (Bool, [NodeChange]) in
            guard var entry = s.entries[name] else { return (false, []) }
            let periods = entry.liveness.history.count
            guard entry.liveness.restarting(at: at) else { return (false, []) }
            entry.rounds.append(s.round)
            s.entries[name] = entry
            return (true, Self.changes(of: entry, since: periods, round: s.round))
        }
        changes.forEach(changed)
        return restarting
    }

    /// Node `name` rejoined at `endpoint` as `incarnation` with its clients rebuilt as `clients`.
    /// The ledger of its earlier incarnation is kept as it last reported it.
    package func rejoined(
        _ name: String, endpoint: String, incarnation: UInt64, clients: [Int: ClientActor], note: String? = nil
    ) {
        let at = now
        let changes = state.withLock { s -> [NodeChange] in
            guard var entry = s.entries[name], entry.liveness.state == .rejoining else { return [] }
            let periods = entry.liveness.history.count
            if let old = entry.ledger { entry.earlierLedgers.append((entry.endpoint, old)) }
            entry.ledger = nil
            entry.ledgerIsFinal = true
            entry.endpoint = endpoint
            entry.clients = clients
            entry.liveness.rejoined(incarnation: incarnation, at: at, note: note)
            entry.rounds.append(s.round)
            s.entries[name] = entry
            return Self.changes(of: entry, since: periods, round: s.round)
        }
        changes.forEach(changed)
    }

    /// Rebuilding node `name`'s clients failed.
    package func rejoinFailed(_ name: String, reason: String) {
        apply(name) { liveness, at in
            liveness.rejoinFailed(reason: reason, at: at)
            return .none
        }
    }

    /// Applies one piece of evidence to node `name`; wakes its waiters when it left `up`, and passes
    /// on the directives that need work.
    private func apply(_ name: String, _ event: (inout NodeLiveness, Double) -> NodeLiveness.Directive) {
        let at = now
        let (directive, waiters, changes) = state.withLock {
            s -> (NodeLiveness.Directive, [CheckedContinuation<Void, Never>], [NodeChange]) in
            guard !s.closed, var entry = s.entries[name] else { return (.none, [], []) }
            let periods = entry.liveness.history.count
            let directive = event(&entry.liveness, at)
            entry.rounds += Array(repeating: s.round, count: entry.liveness.history.count - periods)
            var waiters: [CheckedContinuation<Void, Never>] = []
            if entry.liveness.state != .up {
                waiters = Array(entry.waiters.values)
                entry.waiters = [:]
            }
            s.entries[name] = entry
            return (directive, waiters, Self.changes(of: entry, since: periods, round: s.round))
        }
        changes.forEach(changed)
        for waiter in waiters { waiter.resume() }
        if directive != .none { sink.yield(Notice(node: name, directive: directive)) }
    }

    /// Returns when client `id`'s node is not up (at once if it is not); returns when the task is cancelled.
    package func waitUntilDown(client id: Int) async {
        let key = state.withLock { s -> UInt64 in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waiting = state.withLock { s -> Bool in
                    guard !Task.isCancelled, let name = s.nodeOfClient[id], var entry = s.entries[name],
                        entry.liveness.state == .up
                    else { return false }
                    entry.waiters[key] = continuation
                    s.entries[name] = entry
                    return true
                }
                if !waiting { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                guard let name = s.nodeOfClient[id] else { return nil }
                return s.entries[name]?.waiters.removeValue(forKey: key)
            }
            waiter?.resume()
        }
    }

    /// The run is over: later evidence (nodes being stopped) is ignored, waiters are released and the
    /// stream of directives ends.
    package func finish() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.closed = true
            defer { for name in s.entries.keys { s.entries[name]?.waiters = [:] } }
            return s.entries.values.flatMap { $0.waiters.values }
        }
        for waiter in waiters { waiter.resume() }
        sink.finish()
    }
}

/// A period a node's liveness entered: down (and why), rejoining, up again.
package struct NodeChange: Sendable, Equatable {
    /// The node's host name and where it is reached.
    package var node: String
    package var endpoint: String
    /// The state it entered, when (seconds since the run started) and why.
    package var period: NodeLiveness.Period
    /// The round under way (0 before the first).
    package var round: Int
}

extension NodeRoster {
    /// The periods `entry` entered after its first `count`, as changes.
    static func changes(of entry: Entry, since count: Int, round: Int) -> [NodeChange] {
        entry.liveness.history.dropFirst(count).map {
            NodeChange(node: entry.name, endpoint: entry.endpoint, period: $0, round: round)
        }
    }
}
