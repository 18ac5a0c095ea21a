extension MeshSystem {
    /// Whether this node's connection to the node at `endpoint` works, as last reported by the
    /// transport (``PeerState``). Peers this node never called are ``PeerState/unknown``.
    ///
    /// Calls follow the same news: when a peer goes down, the calls waiting on it fail at once
    /// (``MeshError/Code/connectionLost``); a peer that refuses the connection (nothing listens
    /// there) fails them with ``MeshError/Code/connectionRefused``. A call to a peer known to be
    /// down is still sent, since the transport keeps reconnecting and a restarted node at the same
    /// address must be reachable again: it fails with ``MeshError/Code/connectionRefused`` after
    /// at most two more failed connection attempts (a few hundred milliseconds), not at its deadline.
    package func peerState(_ endpoint: String) -> PeerState {
        state.withLock { $0.liveness.state(of: endpoint) }
    }

    /// The state of every peer something was heard of.
    package var peerStates: [String: PeerState] { state.withLock { $0.liveness.states } }

    /// The changes of peer states from now on, in order; any number of subscribers may listen.
    /// The stream finishes when the system shuts down.
    package func peerEvents() -> AsyncStream<PeerEvent> { peerEventHub.subscribe() }

    /// The transport's connection to `peer` is up.
    func peerCameUp(_ peer: String) {
        let now = settings.clock.now()
        let decision = state.withLock { $0.liveness.up(peer, at: now) }
        if let change = decision.change {
            logger.info("peer \(peer) is up")
            peerEventHub.publish(change)
        }
    }

    /// The transport's connection to `peer` dropped, or an attempt to make it failed (`error`).
    func peerWentDown(_ peer: String, _ error: TransportError) {
        let now = settings.clock.now()
        let (decision, entries) = state.withLock { s -> (PeerLiveness.Decision, [PendingCalls.Entry]) in
            let decision: PeerLiveness.Decision
            switch error.code {
            case .connectionRefused:
                decision = s.liveness.refused(peer, message: error.message, discarded: true, waiting: [], at: now)
            case .reconnectFailed:
                decision = s.liveness.refused(
                    peer, message: error.message, discarded: false, waiting: s.pending.callIDs(peer: peer), at: now)
            default:
                decision = s.liveness.disconnected(peer, message: error.message, at: now)
            }
            switch decision.failing {
            case .none: return (decision, [])
            case .all: return (decision, s.pending.completeAll(peer: peer))
            case .calls(let ids): return (decision, ids.compactMap { s.pending.complete($0) })
            }
        }
        if let change = decision.change {
            // A notice, not a warning: a peer going away is also how every run ends (its nodes stop),
            // and what it costs (calls failed, a node lost) is reported by whoever depended on it.
            logger.notice("peer \(peer) is down: \(error.message)")
            peerEventHub.publish(change)
        }
        if !entries.isEmpty {
            logger.warning("failing the \(entries.count) call(s) waiting on \(peer): \(error.message)")
        }
        for entry in entries {
            entry.continuation.resume(throwing: Self.failure(of: entry.label.method, error))
        }
    }

    /// The error a call to a peer that went down fails with.
    static func failure(of method: String, _ error: TransportError) -> MeshError {
        switch error.code {
        case .connectionRefused:
            MeshError(.connectionRefused, "\(error.message); \(method) was not sent")
        case .reconnectFailed:
            MeshError(
                .connectionRefused,
                """
                \(error.message); \(method) has not run, but the node may still receive it if it comes back at that \
                address
                """
            )
        default:
            MeshError(
                .connectionLost,
                "\(error.message) while \(method) waited for its reply; it may or may not have run there")
        }
    }
}
