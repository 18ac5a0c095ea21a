/// One site's round at its aggregator, as a value: the answers of the site's clients come in
/// (``received(_:from:)``), then ``update(compressor:)`` times them on the client↔aggregator links,
/// classifies them against the site's cut-off and pre-aggregates the usable ones into one update.
///
/// Pre-aggregation is the sample-weighted mean, which is the first step of every strategy whose
/// descriptor says ``StrategyDescriptor/preAggregatable``: the server's weighted mean of the sites'
/// means, each weighted by its samples, is the weighted mean of all the clients' models (to float
/// rounding: each site's mean is rounded to `Float` once before it travels).
package struct SiteCollection: Sendable {
    /// How one client's `fit` call came back.
    package enum Answer: Sendable {
        case result(FitResult)
        /// The client dropped out (a simulated device failure).
        case dropped(reason: String)
        /// The call failed: error, timeout, lost connection.
        case failed(reason: String)
    }

    package let instructions: SiteInstructions
    private var usable: [Int: (result: FitResult, bytesUp: Int)] = [:]
    private var failures: [Int: ClientOutcome] = [:]

    package init(_ instructions: SiteInstructions) {
        self.instructions = instructions
    }

    /// Records client `id`'s answer; a result is checked (as the server checks one) and a compressed
    /// update restored against the model the aggregator forwarded.
    package mutating func received(_ answer: Answer, from id: Int) {
        guard let client = instructions.clients.first(where: { $0.id == id }) else { return }
        switch answer {
        case .result(let given):
            do {
                var result = given
                try result.check(
                    from: id, sentCount: instructions.parameters.count, describedSamples: client.sampleCount)
                let up = try FederatedServer.restoreParameters(of: &result, sentParameters: instructions.parameters)
                guard result.parameters.allSatisfy(\.isFinite) else {
                    throw FederationError(.invalidUpdate, "client \(id) sent non-finite parameters")
                }
                usable[id] = (result, up)
            } catch {
                failures[id] = .failed(reason: "\(error)")
            }
        case .dropped: failures[id] = .dropped
        case .failed(let reason): failures[id] = .failed(reason: reason)
        }
    }

    /// The site's update: every client classified, the completed ones' models averaged by samples
    /// (and compressed as the clients' were, with `compressor` carrying the error feedback).
    package func update(compressor: inout UpdateCompressor) throws -> SiteUpdate {
        let modelBytes = 4 * instructions.parameters.count
        let seconds = clientSeconds(modelBytes: modelBytes)
        var book = RoundBook(target: instructions.clients.count, deadlineSeconds: instructions.cutOffSeconds)
        var outcomes = failures
        for client in instructions.clients where usable[client.id] == nil && failures[client.id] == nil {
            outcomes[client.id] = .failed(reason: "client \(client.id) gave its aggregator no answer")
        }
        for (id, outcome) in outcomes { book.failed(id, outcome) }
        for id in usable.keys.sorted() {
            guard let time = seconds[id], time.isFinite, time >= 0 else {
                book.failed(id, .failed(reason: "client \(id)'s round time is not a finite number of seconds"))
                continue
            }
            book.answered(id, virtualSeconds: time)
        }
        let classified = book.outcomes
        let completed = book.completed.compactMap { usable[$0]?.result }
        var combined = try Self.combine(completed, length: instructions.parameters.count)
        var bytesUp = combined.map { _ in modelBytes } ?? 0
        if let compression = instructions.compression, var result = combined {
            let delta = zip(result.parameters, instructions.parameters).map { $0 - $1 }
            let encoded = compressor.compress(delta, with: compression)
            result.parameters = []
            result.encodedUpdate = encoded
            bytesUp = encoded.contentBytes
            combined = result
        }
        let reports = instructions.clients.map { client in
            let answered = classified[client.id].map { outcome -> Bool in
                switch outcome {
                case .completed, .straggled, .surplus: true
                case .dropped, .failed: false
                }
            }
            return SiteClientReport(
                id: client.id, outcome: classified[client.id] ?? .failed(reason: "no answer"),
                trainLoss: answered == true ? usable[client.id]?.result.trainLoss : nil, bytesDown: modelBytes,
                bytesUp: answered == true ? usable[client.id]?.bytesUp : nil)
        }.sorted { $0.id < $1.id }
        return SiteUpdate(
            site: instructions.site, combined: combined, clients: reports, collectSeconds: book.virtualSeconds,
            bytesUp: bytesUp)
    }

    /// Each answering client's virtual seconds from the model's arrival at the aggregator to its
    /// update's arrival there, every client of the site downloading at once over the site's links.
    private func clientSeconds(modelBytes: Int) -> [Int: Double] {
        var transfers: [Int: RoundTransfers.Client] = [:]
        for client in instructions.clients {
            let answered = usable[client.id]
            guard answered != nil || failures[client.id] != nil else { continue }
            transfers[client.id] = RoundTransfers.Client(
                profile: client.profile, bytesDown: modelBytes,
                answer: answered.map { (flops: $0.result.flops, bytesUp: $0.bytesUp) })
        }
        return RoundTransfers(network: instructions.network).timings(transfers).mapValues(\.totalSeconds)
    }

    /// The completed results as one: their sample-weighted mean model, their samples together and
    /// their sample-weighted mean training loss; nil when there are none.
    static func combine(_ results: [FitResult], length: Int) throws -> FitResult? {
        guard let mean = try WeightedMean.ofModels(results, length: length) else { return nil }
        let samples = results.reduce(0) { $0 + $1.sampleCount }
        let loss =
            samples > 0
            ? results.reduce(0.0) { $0 + $1.trainLoss * Double($1.sampleCount) } / Double(samples)
            : results.reduce(0.0) { $0 + $1.trainLoss } / Double(results.count)
        return FitResult(
            clientID: -1, parameters: mean, sampleCount: samples, trainLoss: loss,
            localSteps: results.reduce(0) { $0 + $1.localSteps }, flops: results.reduce(0) { $0 + $1.flops },
            computeSeconds: results.reduce(0) { $0 + $1.computeSeconds })
    }
}
