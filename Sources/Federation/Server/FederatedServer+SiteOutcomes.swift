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
        let uploads = siteArrivals(calls, updates)
        var tally = SiteRoundTally(record: record, modelBytes: 4 * global.count)
        for call in calls {
            let name = call.site.name
            let invitedInOrder = call.instructions.clients.map(\.id).sorted()
            let invited = Set(invitedInOrder)
            tally.chargeModel(toSiteOf: invitedInOrder)
            guard case .success(let update)? = updates[name] else {
                var error: (any Error)?
                if case .failure(let failure)? = updates[name] { error = failure }
                tally.loseSite(name, invited: invitedInOrder, error: error)
                continue
            }
            var usable: Result<FitResult, SiteUpdateProblem>?
            if let combined = update.combined {
                usable = checked(combined, site: name)
                tally.chargeUpload(of: update)
            }
            let unusable: String? = if case .failure(let problem)? = usable { problem.reason } else { nil }
            let arrival = uploads[name]
            let inTime = arrival.map { a in config.roundDeadlineSeconds.map { a <= $0 } ?? true } ?? false
            for report in update.clients where invited.contains(report.id) {
                tally.classify(report, site: name, modelArrival: call.modelArrival, unusable: unusable, inTime: inTime)
            }
            for id in invited.subtracting(update.clients.map(\.id)).sorted() {
                tally.fail(id, "its aggregator (site \(name)) did not report it")
            }
            if inTime, case .success(let combined)? = usable, let arrival { tally.use(combined, arrivingAt: arrival) }
        }
        for (id, loss) in tally.losses { lastLoss[id] = loss }
        record = tally.finish(deadline: config.roundDeadlineSeconds)
        return tally.answers
    }

    /// When each site's usable update reaches the server over the sites' shared uplinks (virtual seconds).
    private func siteArrivals(_ calls: [SiteCall], _ updates: [String: Result<SiteUpdate, any Error>]) -> [String:
        Double]
    {
        SiteTransfers(server: config.network.server).arrivals(
            calls.compactMap { call in
                guard case .success(let update)? = updates[call.site.name], update.combined != nil else { return nil }
                return SiteTransfers.Transfer(
                    site: call.site.name, link: call.site.link, start: call.modelArrival + update.collectSeconds,
                    bytes: update.bytesUp)
            }, .up)
    }

    /// A site's pre-aggregated update restored against the model sent, whole and finite.
    private func checked(_ update: FitResult, site name: String) -> Result<FitResult, SiteUpdateProblem> {
        var result = update
        do {
            _ = try Self.restoreParameters(of: &result, sentParameters: global)
            guard result.parameters.count == global.count, result.parameters.allSatisfy(\.isFinite),
                result.sampleCount >= 0
            else {
                throw FederationError(
                    .invalidUpdate,
                    """
                    site \(name)'s update has \(result.parameters.count) parameters (expected \(global.count)) or \
                    non-finite values
                    """
                )
            }
            return .success(result)
        } catch {
            return .failure(SiteUpdateProblem(reason: "its aggregator's (site \(name)) update is unusable: \(error)"))
        }
    }
}

/// Why a site's update cannot be aggregated: its completed clients are lost for the round with this reason.
struct SiteUpdateProblem: Error {
    let reason: String
}
