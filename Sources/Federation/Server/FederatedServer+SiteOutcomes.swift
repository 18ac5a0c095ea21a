import Foundation

/// Classifying a hierarchical round from its sites' updates: each client's fate at its aggregator,
/// then each site's update against the round deadline on the aggregator↔server hop.
extension FederatedServer {
    /// Fills `record` (clients' fates, times, bytes per tier) from the sites' updates and returns the
    /// usable site updates as the results to aggregate. A site whose aggregator failed loses its
    /// invited clients for the round (failed, with the reason); a site update that reaches the server
    /// after the deadline makes its completed clients stragglers.
    func classifySites(
        _ calls: [SiteCall], _ updates: [String: Result<SiteUpdate, any Error>], into record: inout RoundRecord
    ) -> RoundAnswers {
        let modelBytes = 4 * global.count
        let deadline = config.roundDeadlineSeconds
        let tier = SiteTransfers(server: config.network.server)
        let uploads = tier.arrivals(
            calls.compactMap { call in
                guard case .success(let update)? = updates[call.site.name], update.combined != nil else { return nil }
                return SiteTransfers.Transfer(
                    site: call.site.name, link: call.site.link, start: call.modelArrival + update.collectSeconds,
                    bytes: update.bytesUp)
            }, .up)
        var answers = RoundAnswers()
        answers.combined = []
        var traffic = TierTraffic()
        var completed: [(id: Int, seconds: Double)] = []
        var usedArrivals: [Double] = []
        record.clientBytesDown = [:]
        record.clientBytesUp = [:]
        func fail(_ id: Int, _ reason: String) {
            record.failed.append(id)
            record.failureReasons = record.failureReasons ?? [:]
            record.failureReasons?[id] = reason
            answers.failures.append(ClientFailure(clientID: id, kind: .error, reason: reason))
        }
        for call in calls {
            let name = call.site.name
            let invited = Set(call.instructions.clients.map(\.id))
            traffic.aggregatorServerDown += modelBytes
            record.logicalBytesDown += modelBytes
            for id in invited.sorted() {
                record.clientBytesDown?[id] = modelBytes
                traffic.flatDown += modelBytes
            }
            guard case .success(let update)? = updates[name] else {
                var reason = "its aggregator (site \(name)) gave no update"
                if case .failure(let error)? = updates[name] {
                    reason = "its aggregator (site \(name)) failed: \(error)"
                }
                for id in invited.sorted() { fail(id, reason) }
                continue
            }
            // The site's update, whole and usable, and whether it reached the server in time.
            var combined = update.combined
            var unusable: String?
            if var result = combined {
                do {
                    _ = try Self.restoreParameters(of: &result, sentParameters: global)
                    guard result.parameters.count == global.count, result.parameters.allSatisfy(\.isFinite),
                        result.sampleCount >= 0
                    else {
                        throw FederationError(
                            .invalidUpdate,
                            """
                            site \(name)'s update has \(result.parameters.count) parameters (expected \
                            \(global.count)) or non-finite values
                            """
                        )
                    }
                    combined = result
                } catch {
                    unusable = "its aggregator's (site \(name)) update is unusable: \(error)"
                    combined = nil
                }
                traffic.aggregatorServerUp += update.bytesUp
                record.logicalBytesUp += update.bytesUp
            }
            let arrival = uploads[name]
            let inTime = arrival.map { a in deadline.map { a <= $0 } ?? true } ?? false
            for report in update.clients where invited.contains(report.id) {
                let id = report.id
                traffic.clientAggregatorDown += report.bytesDown
                if let up = report.bytesUp {
                    traffic.clientAggregatorUp += up
                    traffic.flatUp += up
                    record.clientBytesUp?[id] = up
                }
                if let loss = report.trainLoss { lastLoss[id] = loss }
                switch report.outcome {
                case .completed(let seconds):
                    record.clientVirtualSeconds[id] = call.modelArrival + seconds
                    if let unusable {
                        fail(id, unusable)
                    } else if inTime {
                        completed.append((id, call.modelArrival + seconds))
                    } else {
                        record.straggled.append(id)
                        answers.failures.append(
                            ClientFailure(
                                clientID: id, kind: .straggler,
                                reason: "site \(name)'s update reached the server after the round deadline"))
                    }
                case .straggled(let seconds), .surplus(let seconds):
                    record.clientVirtualSeconds[id] = call.modelArrival + seconds
                    record.straggled.append(id)
                    answers.failures.append(
                        ClientFailure(clientID: id, kind: .straggler, reason: "past its aggregator's cut-off"))
                case .dropped:
                    record.dropped.append(id)
                    answers.failures.append(
                        ClientFailure(clientID: id, kind: .dropout, reason: "dropped out at site \(name)"))
                case .failed(let reason):
                    fail(id, reason)
                }
            }
            for id in invited.subtracting(update.clients.map(\.id)).sorted() {
                fail(id, "its aggregator (site \(name)) did not report it")
            }
            if inTime, let combined, let arrival {
                answers.combined?.append(combined)
                usedArrivals.append(arrival)
            }
        }
        record.completed = completed.sorted { $0.seconds != $1.seconds ? $0.seconds < $1.seconds : $0.id < $1.id }
            .map(\.id)
        record.straggled.sort(); record.dropped.sort(); record.failed.sort()
        if !record.straggled.isEmpty, let deadline {
            record.virtualSeconds = deadline
        } else {
            record.virtualSeconds = usedArrivals.max() ?? 0
        }
        record.tiers = traffic
        return answers
    }
}
