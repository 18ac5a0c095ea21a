/// What happened to one invited client in a round.
package enum ClientOutcome: Codable, Sendable, Equatable {
    /// Answered within the deadline and its result was used.
    case completed(virtualSeconds: Double)
    /// Answered, but its virtual time exceeded the round deadline.
    case straggled(virtualSeconds: Double)
    /// Answered in time, but k results had already arrived (over-commitment).
    case surplus(virtualSeconds: Double)
    /// Dropped out mid-round (simulated device failure).
    case dropped
    /// The call failed: crash, vanished peer, transport error. The reason is the error text.
    case failed(reason: String)
}

/// Classifies a round's answers: the first k clients in virtual time within the deadline complete;
/// later ones within it are surplus; those past the deadline straggled. A value type, tested alone.
package struct RoundBook: Sendable, Equatable {
    package let target: Int
    package let deadlineSeconds: Double?
    private var answered: [(id: Int, seconds: Double)] = []
    private var failures: [Int: ClientOutcome] = [:]

    package init(target: Int, deadlineSeconds: Double?) {
        self.target = target
        self.deadlineSeconds = deadlineSeconds
    }

    package static func == (a: RoundBook, b: RoundBook) -> Bool { a.outcomes == b.outcomes }

    /// Records that `client` answered after `virtualSeconds` of virtual time.
    package mutating func answered(_ client: Int, virtualSeconds: Double) {
        answered.append((client, virtualSeconds))
    }

    /// Records that the server stopped waiting for `client` when the deadline passed (real-time mode):
    /// it straggled at the deadline.
    package mutating func cutOff(_ client: Int) {
        failures[client] = .straggled(virtualSeconds: deadlineSeconds ?? 0)
    }

    /// Records that `client` dropped out or its call failed.
    package mutating func failed(_ client: Int, _ outcome: ClientOutcome) {
        failures[client] = outcome
    }

    /// Every client's outcome.
    package var outcomes: [Int: ClientOutcome] {
        var result = failures
        let inTime = answered.filter { deadlineSeconds == nil || $0.seconds <= deadlineSeconds! }
            .sorted { $0.seconds != $1.seconds ? $0.seconds < $1.seconds : $0.id < $1.id }
        for (rank, a) in inTime.enumerated() {
            result[a.id] = rank < target ? .completed(virtualSeconds: a.seconds) : .surplus(virtualSeconds: a.seconds)
        }
        for a in answered where deadlineSeconds.map({ a.seconds > $0 }) ?? false {
            result[a.id] = .straggled(virtualSeconds: a.seconds)
        }
        return result
    }

    /// Clients whose results are aggregated, fastest first.
    package var completed: [Int] {
        outcomes.compactMap { id, o -> (Int, Double)? in
            if case .completed(let s) = o { return (id, s) } else { return nil }
        }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
    }

    /// The round's virtual duration: when the last used result arrived, or the deadline if the round
    /// waited for stragglers until it passed.
    package var virtualSeconds: Double {
        let out = outcomes
        let used = out.values.compactMap { o -> Double? in if case .completed(let s) = o { s } else { nil } }.max() ?? 0
        let waitedForStragglers = out.values.contains { if case .straggled = $0 { true } else { false } }
        if waitedForStragglers, completed.count < target, let deadlineSeconds { return deadlineSeconds }
        return used
    }
}
