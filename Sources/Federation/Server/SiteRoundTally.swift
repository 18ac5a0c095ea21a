import Foundation

/// A hierarchical round's outcome as the sites' updates are read, one site at a time: the clients'
/// fates, the bytes per tier, and the site updates to aggregate. ``FederatedServer/classifySites(_:_:into:)``
/// walks the sites through it; each step is a small method so it can be checked alone.
struct SiteRoundTally {
    private(set) var record: RoundRecord
    private(set) var answers = FederatedServer.RoundAnswers(combined: [])
    private(set) var traffic = TierTraffic()
    /// The clients' last training losses, as their aggregators reported them.
    private(set) var losses: [Int: Double] = [:]
    private var completed: [(id: Int, seconds: Double)] = []
    private var usedArrivals: [Double] = []
    let modelBytes: Int

    init(record: RoundRecord, modelBytes: Int) {
        self.record = record
        self.modelBytes = modelBytes
        self.record.clientBytesDown = [:]
        self.record.clientBytesUp = [:]
    }

    /// The model went down to the site's aggregator once; flat, it would have gone to each invited client.
    mutating func chargeModel(toSiteOf invited: [Int]) {
        traffic.aggregatorServerDown += modelBytes
        record.logicalBytesDown += modelBytes
        for id in invited {
            record.clientBytesDown?[id] = modelBytes
            traffic.flatDown += modelBytes
        }
    }

    /// Client `id` is lost for the round, with the reason.
    mutating func fail(_ id: Int, _ reason: String) {
        record.failed.append(id)
        record.failureReasons = record.failureReasons ?? [:]
        record.failureReasons?[id] = reason
        answers.failures.append(ClientFailure(clientID: id, kind: .error, reason: reason))
    }

    /// A site whose aggregator gave no update loses every client it was to serve.
    mutating func loseSite(_ name: String, invited: [Int], error: (any Error)?) {
        let reason =
            error.map { "its aggregator (site \(name)) failed: \($0)" }
            ?? "its aggregator (site \(name)) gave no update"
        for id in invited { fail(id, reason) }
    }

    /// Counts the site's update on the aggregator→server hop.
    mutating func chargeUpload(of update: SiteUpdate) {
        traffic.aggregatorServerUp += update.bytesUp
        record.logicalBytesUp += update.bytesUp
    }

    /// One client's fate as its site reported it. `unusable` is why the site's update cannot be
    /// aggregated (its completed clients are then lost); `inTime` whether it reached the server
    /// before the round deadline (if not, they straggled).
    mutating func classify(
        _ report: SiteClientReport, site: String, modelArrival: Double, unusable: String?, inTime: Bool
    ) {
        let id = report.id
        traffic.clientAggregatorDown += report.bytesDown
        if let up = report.bytesUp {
            traffic.clientAggregatorUp += up
            traffic.flatUp += up
            record.clientBytesUp?[id] = up
        }
        if let loss = report.trainLoss { losses[id] = loss }
        switch report.outcome {
        case .completed(let seconds):
            record.clientVirtualSeconds[id] = modelArrival + seconds
            if let unusable {
                fail(id, unusable)
            } else if inTime {
                completed.append((id, modelArrival + seconds))
            } else {
                straggle(id, "site \(site)'s update reached the server after the round deadline")
            }
        case .straggled(let seconds), .surplus(let seconds):
            record.clientVirtualSeconds[id] = modelArrival + seconds
            straggle(id, "past its aggregator's cut-off")
        case .dropped:
            record.dropped.append(id)
            answers.failures.append(ClientFailure(clientID: id, kind: .dropout, reason: "dropped out at site \(site)"))
        case .failed(let reason):
            fail(id, reason)
        }
    }

    private mutating func straggle(_ id: Int, _ reason: String) {
        record.straggled.append(id)
        answers.failures.append(ClientFailure(clientID: id, kind: .straggler, reason: reason))
    }

    /// The site's pre-aggregated update joins the round's, arriving at `arrival` (virtual seconds).
    mutating func use(_ combined: FitResult, arrivingAt arrival: Double) {
        answers.combined?.append(combined)
        usedArrivals.append(arrival)
    }

    /// Orders the fates and sets the round's virtual length: the deadline when a site straggled,
    /// else the last used site update's arrival.
    mutating func finish(deadline: Double?) -> RoundRecord {
        record.completed = completed.sorted { $0.seconds != $1.seconds ? $0.seconds < $1.seconds : $0.id < $1.id }
            .map(\.id)
        record.straggled.sort()
        record.dropped.sort()
        record.failed.sort()
        if !record.straggled.isEmpty, let deadline {
            record.virtualSeconds = deadline
        } else {
            record.virtualSeconds = usedArrivals.max() ?? 0
        }
        record.tiers = traffic
        return record
    }
}
