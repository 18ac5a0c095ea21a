/// Which run a node serves, and who coordinates it: the value-type state machine behind the checks
/// ``MeshSystem`` makes on every inbound call. No sockets, no clock of its own: callers pass the time.
///
/// - A node started with a token is *bound* to that run for life.
/// - A node started without one is *open*: it serves calls that carry no token (as before runs had
///   identities), and the first control call that carries a token *claims* it for that run (its sender
///   becomes the coordinator). A claimed node returns to open when the coordinator calls ``release()``,
///   or once no call of its run has arrived for ``lease`` (a coordinator that crashed does not leave a
///   pre-started node unusable).
/// - Control calls (to ``controlPaths``) are served only to the coordinator: the first sender that
///   makes a control call with the run's token (trust on first use, by its incarnation).
package struct RunMembership: Sendable {
    /// Where the node stands.
    package enum Phase: Sendable, Equatable {
        case open
        case claimed(RunToken, coordinator: UInt64, lastCall: Duration)
        case bound(RunToken, coordinator: UInt64?)
    }

    /// What to do with one inbound call.
    package enum Decision: Sendable, Equatable {
        /// Serve it.
        case admit
        /// Serve it; it claimed an open node for a new run (start a fresh ledger).
        case admitNewRun
        /// Refuse it with this error.
        case refuse(MeshError)
    }

    package private(set) var phase: Phase
    /// Actor paths whose calls only the coordinator may make.
    package let controlPaths: Set<String>
    /// How long a claimed node waits for a call of its run before it returns to open.
    package let lease: Duration

    package init(token: RunToken?, controlPaths: Set<String>, lease: Duration) {
        if let token, !token.isNone {
            phase = .bound(token, coordinator: nil)
        } else {
            phase = .open
        }
        self.controlPaths = controlPaths
        self.lease = lease
    }

    /// The token this node stamps on what it sends (``RunToken/none`` while open).
    package var token: RunToken {
        switch phase {
        case .open: .none
        case .claimed(let token, _, _), .bound(let token, _): token
        }
    }

    /// Decides on a call to `path` from the sender incarnation `sender` carrying `token`, at `now`.
    package mutating func admit(token callToken: RunToken, sender: UInt64, path: String, now: Duration) -> Decision {
        let isControl = controlPaths.contains(path)
        if case .claimed(_, _, let lastCall) = phase, now - lastCall >= lease { phase = .open }
        switch phase {
        case .open:
            guard isControl, !callToken.isNone else { return .admit }
            phase = .claimed(callToken, coordinator: sender, lastCall: now)
            return .admitNewRun
        case .claimed(let token, let coordinator, _):
            guard callToken == token else { return .refuse(Self.foreign(callToken, leased: true)) }
            if isControl, sender != coordinator { return .refuse(Self.notCoordinator(path)) }
            phase = .claimed(token, coordinator: coordinator, lastCall: now)
            return .admit
        case .bound(let token, let coordinator):
            guard callToken == token else { return .refuse(Self.foreign(callToken, leased: false)) }
            guard isControl else { return .admit }
            guard let coordinator else {
                phase = .bound(token, coordinator: sender)
                return .admit
            }
            return sender == coordinator ? .admit : .refuse(Self.notCoordinator(path))
        }
    }

    /// The coordinator ends its run: a claimed node returns to open. Returns whether it did (a node
    /// bound by its start stays bound). Only the coordinator may ask: the caller checks that, as
    /// ``admit(token:sender:path:now:)`` does for the control call that asks.
    @discardableResult
    package mutating func release() -> Bool {
        guard case .claimed = phase else { return false }
        phase = .open
        return true
    }

    private static func foreign(_ callToken: RunToken, leased: Bool) -> MeshError {
        let theirs = callToken.isNone ? "carries no run token" : "belongs to run \(callToken)"
        let how =
            leased
            ? "it is free again when that run's coordinator releases it or after a quiet lease"
            : "it was started for that run"
        // The node's own token is not named: that would hand it to whoever asks with a wrong one.
        return MeshError(
            .foreignRun,
            """
            the call \(theirs), and this node serves another run (\(how)): dial the nodes your own run started, or \
            start a node for your run
            """
        )
    }

    private static func notCoordinator(_ path: String) -> MeshError {
        MeshError(
            .notCoordinator,
            """
            '\(path)' takes control calls only from the run's coordinator (the first process that called it), and \
            this caller is another: only the process that runs the federation may start, stop or load a node
            """
        )
    }
}
