/// Stragglers' updates still travelling in virtual time, for asynchronous strategies
/// (``Strategy/maxStaleness``). A value type, tested alone and kept in the checkpoint.
///
/// A client that straggled in round r, answering `t` virtual seconds after the round started at
/// virtual time V_r, *arrives* at V_r + t. Its update is delivered in the first later round whose
/// virtual end reaches that instant, with staleness = that round − r; until then the client is busy
/// (it is still working on round r's model) and is not invited again. The simulator never waits for
/// the arrival in real time: the answer is already here, only its virtual arrival is in the future.
package struct LateUpdates: Codable, Sendable, Equatable {
    /// One straggler's update in flight.
    package struct Update: Codable, Sendable, Equatable {
        /// The client's result, with `parameters` replaced by its change: local − the model it was sent.
        package var result: FitResult
        /// The round whose model the client trained from.
        package var baseRound: Int
        /// Virtual instant (seconds since the run's first round began) when the update reaches the server.
        package var arrival: Double
    }

    /// What ``deliver(round:endingAt:global:maxStaleness:)`` hands over.
    package struct Delivery: Sendable {
        /// Results for the strategy: the current model plus each client's change, staleness set.
        package var results: [FitResult] = []
        /// Clients whose update arrived but lagged more than the strategy accepts.
        package var tooStale: [Int] = []
    }

    package private(set) var pending: [Update] = []

    package init() {}

    /// Clients still working on an earlier round's model.
    package var busy: Set<Int> { Set(pending.map(\.result.clientID)) }

    /// When the next update arrives (nil: none in flight).
    package var nextArrival: Double? { pending.map(\.arrival).min() }

    /// Holds `result` (full parameters, trained from `sent` in `round`) until virtual instant `arrival`.
    package mutating func hold(_ result: FitResult, sent: [Float], round: Int, arrival: Double) {
        var change = result
        change.parameters = zip(result.parameters, sent).map { $0 - $1 }
        pending.append(Update(result: change, baseRound: round, arrival: arrival))
    }

    /// Removes and returns the updates that have arrived by virtual instant `end` of `round`, re-based
    /// on `global`; those lagging more than `maxStaleness` rounds are dropped. Ordered by arrival.
    package mutating func deliver(round: Int, endingAt end: Double, global: [Float], maxStaleness: Int) -> Delivery {
        var delivery = Delivery()
        let arrived = pending.filter { $0.arrival <= end }.sorted {
            ($0.arrival, $0.result.clientID) < ($1.arrival, $1.result.clientID)
        }
        pending.removeAll { $0.arrival <= end }
        for update in arrived {
            let (staleness, overflow) = round.subtractingReportingOverflow(update.baseRound)
            guard !overflow, staleness >= 0, staleness <= maxStaleness, update.result.parameters.count == global.count
            else {
                delivery.tooStale.append(update.result.clientID)
                continue
            }
            var result = update.result
            result.parameters = zip(global, update.result.parameters).map { $0 + $1 }
            result.staleness = staleness
            delivery.results.append(result)
        }
        return delivery
    }
}
