@testable import Federation
import Testing

/// The steps of a hierarchical round's classification (``SiteRoundTally``), each alone.
struct SiteRoundTallyTests {
    static func report(_ id: Int, _ outcome: ClientOutcome, up: Int? = 40) -> SiteClientReport {
        SiteClientReport(id: id, outcome: outcome, trainLoss: 0.5, bytesDown: 40, bytesUp: up)
    }

    @Test func theModelGoesDownOncePerSiteWhereFlatItWouldGoToEachClient() {
        var tally = SiteRoundTally(record: RoundRecord(round: 1), modelBytes: 40)
        tally.chargeModel(toSiteOf: [3, 4, 5])
        let record = tally.finish(deadline: nil)
        #expect(record.tiers?.aggregatorServerDown == 40)
        #expect(record.tiers?.flatDown == 120)
        #expect(record.logicalBytesDown == 40)
        #expect(record.clientBytesDown == [3: 40, 4: 40, 5: 40])
    }

    @Test func aLostSiteFailsEveryInvitedClientWithTheReason() {
        var tally = SiteRoundTally(record: RoundRecord(round: 2), modelBytes: 40)
        tally.loseSite("edge", invited: [7, 2], error: nil)
        let record = tally.finish(deadline: 30)
        #expect(record.failed == [2, 7])
        #expect(record.failureReasons?[2] == "its aggregator (site edge) gave no update")
        #expect(tally.answers.failures.map(\.kind) == [.error, .error])
    }

    @Test func eachClientsFateFollowsItsOutcomeAndTheSitesTimeliness() {
        var tally = SiteRoundTally(record: RoundRecord(round: 3), modelBytes: 40)
        tally.classify(
            Self.report(1, .completed(virtualSeconds: 4)), site: "a", modelArrival: 1, unusable: nil, inTime: true)
        tally.classify(
            Self.report(0, .completed(virtualSeconds: 2)), site: "a", modelArrival: 1, unusable: nil, inTime: true)
        tally.classify(
            Self.report(2, .completed(virtualSeconds: 2)), site: "b", modelArrival: 1, unusable: nil, inTime: false)
        tally.classify(
            Self.report(3, .completed(virtualSeconds: 2)), site: "c", modelArrival: 1, unusable: "bad", inTime: true)
        tally.classify(
            Self.report(4, .straggled(virtualSeconds: 9), up: nil), site: "a", modelArrival: 1, unusable: nil,
            inTime: true)
        tally.classify(Self.report(5, .dropped, up: nil), site: "a", modelArrival: 1, unusable: nil, inTime: true)
        tally.use(
            FitResult(
                clientID: -1, parameters: [1], sampleCount: 10, trainLoss: 0, localSteps: 1, flops: 0, computeSeconds: 0
            ), arrivingAt: 6)
        let record = tally.finish(deadline: 8)
        // Completed in virtual-arrival order; the late site's client straggled, the unusable site's failed.
        #expect(record.completed == [0, 1])
        #expect(record.straggled == [2, 4])
        #expect(record.failed == [3])
        #expect(record.failureReasons?[3] == "bad")
        #expect(record.dropped == [5])
        #expect(record.clientVirtualSeconds[1] == 5)
        // A straggling site makes the round as long as its deadline.
        #expect(record.virtualSeconds == 8)
        #expect(record.tiers?.clientAggregatorUp == 160)
        #expect(record.tiers?.clientAggregatorDown == 240)
        #expect(tally.losses.count == 6)
        #expect(tally.answers.combined?.count == 1)
    }

    @Test func withoutStragglersTheRoundEndsWhenTheLastUsedSiteUpdateArrives() {
        var tally = SiteRoundTally(record: RoundRecord(round: 4), modelBytes: 40)
        let update = FitResult(
            clientID: -1, parameters: [1], sampleCount: 10, trainLoss: 0, localSteps: 1, flops: 0, computeSeconds: 0)
        tally.use(update, arrivingAt: 3)
        tally.use(update, arrivingAt: 5.5)
        #expect(tally.finish(deadline: 30).virtualSeconds == 5.5)
    }
}
