/// What a coordinator knows of one node's liveness, as a value-type state machine.
///
/// It is fed evidence — a heartbeat answered (with the node's incarnation) or missed, the node's
/// process exiting, a call failing because the connection dropped — and answers with a ``Directive``
/// saying what the caller must do. No sockets, no clocks: times are seconds since the run started,
/// given by the caller, so every transition is unit-tested alone.
///
/// States: `up` (its clients can be called), `down` (they cannot), `rejoining` (a new incarnation
/// answers, or the process was restarted, and its clients are being rebuilt). A heartbeat that is
/// merely slow is not proof of death (a node training on every core answers late): only
/// ``missesBeforeDown`` misses in a row mark it down, while an exit or a dropped connection does at once.
package struct NodeLiveness: Sendable, Equatable {
    /// Where a node stands.
    package enum State: String, Sendable, Codable {
        case up, down, rejoining
    }

    /// One stretch of a state: from `since` (seconds since the run started) until the next period.
    package struct Period: Sendable, Equatable, Codable {
        /// The state entered.
        package var state: State
        /// When, in seconds since the run started.
        package var since: Double
        /// Why the node entered this state (nil for the first `up`).
        package var reason: String?
        package init(state: State, since: Double, reason: String? = nil) {
            self.state = state
            self.since = since
            self.reason = reason
        }
    }

    /// What the caller must do after an event.
    package enum Directive: Sendable, Equatable {
        /// Nothing changed that needs action.
        case none
        /// The node just went down: stop inviting its clients and fail calls waiting on it.
        case wentDown
        /// A new incarnation answers: rebuild its clients, then call ``rejoined(incarnation:at:)``.
        case rejoin
        /// The same incarnation answers again after being marked down (it was slow, not dead):
        /// its clients still exist and can be invited again.
        case cameBack
    }

    /// Where the node stands now.
    package private(set) var state: State
    /// The incarnation whose clients are (or were last) registered; nil until the first answer.
    package private(set) var incarnation: UInt64?
    /// Every state the node went through, oldest first.
    package private(set) var history: [Period]
    /// Heartbeats missed in a row.
    package private(set) var missedHeartbeats = 0
    /// How many heartbeats in a row must be missed before a node is marked down.
    package let missesBeforeDown: Int

    /// A node that is up (it just started or was found running).
    package init(incarnation: UInt64? = nil, at seconds: Double = 0, missesBeforeDown: Int = 3) {
        state = .up
        self.incarnation = incarnation
        history = [Period(state: .up, since: seconds)]
        self.missesBeforeDown = max(1, missesBeforeDown)
    }

    /// The first time the node went down, if it ever did.
    package var firstLoss: Period? { history.first { $0.state == .down } }

    /// The node answered, as `incarnation`, a heartbeat sent at `askedAt` (default: `seconds`). An
    /// answer to a heartbeat sent before the node went down says nothing of now and is ignored.
    package mutating func answered(incarnation answered: UInt64, at seconds: Double, askedAt: Double? = nil)
        -> Directive
    {
        if state != .up, let last = history.last, (askedAt ?? seconds) < last.since { return .none }
        missedHeartbeats = 0
        switch state {
        case .up:
            guard let known = incarnation else {
                incarnation = answered
                return .none
            }
            guard known != answered else { return .none }
            // It restarted between two heartbeats: its old clients are gone with the old process.
            enter(.down, at: seconds, reason: "it restarted (it answers as a new incarnation)")
            enter(.rejoining, at: seconds, reason: "a new incarnation answers")
            return .rejoin
        case .down:
            if let known = incarnation, known == answered {
                enter(.up, at: seconds, reason: "it answers again")
                return .cameBack
            }
            enter(.rejoining, at: seconds, reason: "a new incarnation answers")
            return .rejoin
        case .rejoining:
            return .none
        }
    }

    /// A heartbeat got no answer in time (`reason` says what happened).
    package mutating func missed(reason: String, at seconds: Double) -> Directive {
        missedHeartbeats += 1
        guard state == .up, missedHeartbeats >= missesBeforeDown else { return .none }
        enter(.down, at: seconds, reason: "\(missedHeartbeats) heartbeats missed: \(reason)")
        return .wentDown
    }

    /// Definite evidence the node is gone: its process exited, or its connection dropped.
    package mutating func lost(reason: String, at seconds: Double) -> Directive {
        guard state != .down else { return .none }
        enter(.down, at: seconds, reason: reason)
        return .wentDown
    }

    /// A call to the node failed because its connection dropped. Evidence only while the node is up:
    /// once it is down or rejoining, such a failure is about a call to an earlier incarnation.
    package mutating func callLost(reason: String, at seconds: Double) -> Directive {
        guard state == .up else { return .none }
        return lost(reason: reason, at: seconds)
    }

    /// The coordinator restarts the node's process itself: the node is rejoining until its clients
    /// are rebuilt. Returns false (and changes nothing) unless the node is down.
    package mutating func restarting(at seconds: Double) -> Bool {
        guard state == .down else { return false }
        enter(.rejoining, at: seconds, reason: "restarted by the launcher")
        return true
    }

    /// The clients of the new incarnation are built: the node is up again.
    package mutating func rejoined(incarnation answered: UInt64, at seconds: Double, note: String? = nil) {
        guard state == .rejoining else { return }
        incarnation = answered
        missedHeartbeats = 0
        enter(.up, at: seconds, reason: "rejoined: its clients were rebuilt" + (note.map { "; " + $0 } ?? ""))
    }

    /// Rebuilding the clients failed: the node counts as down (a later heartbeat may try again).
    package mutating func rejoinFailed(reason: String, at seconds: Double) {
        guard state == .rejoining else { return }
        enter(.down, at: seconds, reason: "rejoin failed: \(reason)")
    }

    private mutating func enter(_ next: State, at seconds: Double, reason: String) {
        state = next
        history.append(Period(state: next, since: seconds, reason: reason))
    }
}
