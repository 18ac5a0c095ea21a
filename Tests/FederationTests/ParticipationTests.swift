import Foundation
import ActorMesh
import Federation
import Testing

@Suite struct ParticipationTests {
    @Test func targetAndInvitationsFollowFractionMinimumAndOvercommit() throws {
        // Prepare: 15 clients, 30% per round, over-commit 0.5.
        let policy = try ParticipationPolicy(fraction: 0.3, minAvailable: 5, minFit: 2, overcommit: 0.5).validated(
            clients: 15)
        // Execute / Assert: k = ceil(0.3*15) = 5; invitations = ceil(5*1.5) = 8, capped by availability.
        #expect(policy.target(population: 15) == 5)
        #expect(policy.invitations(target: 5, available: 15) == 8)
        #expect(policy.invitations(target: 5, available: 6) == 6)
        // minFit raises a tiny target: ceil(0.3*3) = 1 < minFit 2.
        #expect(policy.target(population: 3) == 2)
    }

    @Test func floorRoundingCountsAsFlowerDoes() throws {
        // Flower's FedAvg invites int(0.3 × 15) = 4; the default rounds up to 5.
        let flower = try ParticipationPolicy(fraction: 0.3, rounding: .floor).validated(clients: 15)
        #expect(flower.target(population: 15) == 4)
        #expect(ParticipationPolicy(fraction: 0.3).target(population: 15) == 5)
        // Never below one client, nor below minFit.
        #expect(ParticipationPolicy(fraction: 0.01, rounding: .floor).target(population: 15) == 1)
        #expect(ParticipationPolicy(fraction: 0.3, minFit: 6, rounding: .floor).target(population: 15) == 6)
        // Policies written before the setting existed read back as ceil.
        struct Old: Codable {
            var fraction = 0.3, minAvailable = 1, minFit = 1, sampling = ParticipationPolicy.Sampling.uniform,
                overcommit = 0.0
        }
        let old = try JSONDecoder().decode(ParticipationPolicy.self, from: JSONEncoder().encode(Old()))
        #expect(old.rounding == .ceil)
        #expect(try JSONDecoder().decode(ParticipationPolicy.self, from: JSONEncoder().encode(flower)) == flower)
    }

    @Test func badSettingsFailAtConstructionWithTheirName() {
        #expect(throws: FederationError.self) { try ParticipationPolicy(fraction: 0).validated(clients: 10) }
        #expect(throws: FederationError.self) { try ParticipationPolicy(minAvailable: 11).validated(clients: 10) }
        #expect(throws: FederationError.self) {
            try ParticipationPolicy(sampling: .powerOfChoice(candidates: 0)).validated(clients: 10)
        }
        do {
            _ = try ParticipationPolicy(fraction: 1.5).validated(clients: 10)
        } catch {
            #expect(error.message.contains("fraction"))
        }
    }

    @Test func uniformSamplingIsSeededAndWithoutReplacement() {
        let candidates = (0..<100).map { Candidate(id: $0, sampleCount: 10) }
        var a = SplitMix64(seed: 5), b = SplitMix64(seed: 5), c = SplitMix64(seed: 6)
        let first = ClientSampler.select(10, from: candidates, sampling: .uniform, using: &a)
        #expect(first == ClientSampler.select(10, from: candidates, sampling: .uniform, using: &b))
        #expect(first != ClientSampler.select(10, from: candidates, sampling: .uniform, using: &c))
        #expect(Set(first).count == 10)
    }

    @Test func sizeWeightedSamplingFavoursLargeClients() {
        // One client holds 90% of the data: it should be picked first ~90% of the time.
        let candidates = [Candidate(id: 0, sampleCount: 900)] + (1...10).map { Candidate(id: $0, sampleCount: 10) }
        var rng = SplitMix64(seed: 1)
        var firstIsBig = 0
        for _ in 0..<2000 where ClientSampler.select(1, from: candidates, sampling: .bySize, using: &rng) == [0] {
            firstIsBig += 1
        }
        #expect((1700...1900).contains(firstIsBig))
    }

    @Test func powerOfChoiceKeepsTheHighestLossAmongCandidates() {
        let candidates = (0..<6).map { Candidate(id: $0, sampleCount: 1, lastLoss: Double($0)) }
        var rng = SplitMix64(seed: 2)
        // With every client a candidate, the two highest losses (ids 5 and 4) win.
        #expect(
            ClientSampler.select(2, from: candidates, sampling: .powerOfChoice(candidates: 6), using: &rng) == [5, 4])
        // A client never heard from counts as the highest loss.
        var withUnknown = candidates
        withUnknown[0].lastLoss = nil
        #expect(ClientSampler.select(1, from: withUnknown, sampling: .powerOfChoice(candidates: 6), using: &rng) == [0])
    }
}

@Suite struct RoundBookTests {
    @Test func deadlineSplitsCompletedFromStragglersAndOvercommitFromSurplus() {
        // Prepare: k = 2, deadline 10 s. Answers at 3, 12 (late), 5, 7 s; one dropout; one crash.
        var book = RoundBook(target: 2, deadlineSeconds: 10)
        book.answered(1, virtualSeconds: 3)
        book.answered(2, virtualSeconds: 12)
        book.answered(3, virtualSeconds: 5)
        book.answered(4, virtualSeconds: 7)
        book.failed(5, .dropped)
        book.failed(6, .failed(reason: "peer vanished"))
        // Execute
        let outcomes = book.outcomes
        // Assert: the two fastest in time complete; 7 s is surplus; 12 s straggled.
        #expect(book.completed == [1, 3])
        #expect(outcomes[4] == .surplus(virtualSeconds: 7))
        #expect(outcomes[2] == .straggled(virtualSeconds: 12))
        #expect(outcomes[5] == .dropped)
        #expect(outcomes[6] == .failed(reason: "peer vanished"))
        // The round ends when its second result arrives: 5 s.
        #expect(book.virtualSeconds == 5)
    }

    @Test func aRoundShortOfResultsWaitsUntilTheDeadline() {
        var book = RoundBook(target: 3, deadlineSeconds: 10)
        book.answered(1, virtualSeconds: 2)
        book.answered(2, virtualSeconds: 30)
        #expect(book.completed == [1])
        #expect(book.virtualSeconds == 10)
    }

    @Test func withoutADeadlineEveryAnswerCounts() {
        var book = RoundBook(target: 5, deadlineSeconds: nil)
        book.answered(1, virtualSeconds: 100)
        book.answered(2, virtualSeconds: 1)
        #expect(book.completed == [2, 1])
        #expect(book.virtualSeconds == 100)
    }
}

@Suite struct HeterogeneityTests {
    @Test func virtualTimingAddsTransferComputeAndLatency() {
        // 1 MB down at 1 MB/s + 10 ms; 2 GFLOP at 1 GFLOP/s; 0.5 MB up at 0.25 MB/s + 10 ms.
        let profile = ClientProfile(
            device: DeviceProfile(flopsPerSecond: 1e9),
            link: LinkProfile(downBytesPerSecond: 1e6, upBytesPerSecond: 0.25e6, latencySeconds: 0.01))
        let t = VirtualTiming(profile: profile, flops: 2e9, bytesDown: 1_000_000, bytesUp: 500_000)
        #expect(abs(t.downloadSeconds - 1.01) < 1e-12)
        #expect(abs(t.computeSeconds - 2) < 1e-12)
        #expect(abs(t.uploadSeconds - 2.01) < 1e-12)
        #expect(abs(t.totalSeconds - 5.02) < 1e-12)
        #expect(LinkProfile.mbps(down: 8, up: 1).downBytesPerSecond == 1_000_000)
    }

    @Test func distributionsAreSeededAndInRange() throws {
        var rng = SplitMix64(seed: 9)
        let uniform = try Distribution.uniform(low: 2, high: 4).validated()
        #expect((0..<1000).allSatisfy { _ in (2...4).contains(uniform.sample(using: &rng)) })
        // Log-normal: about half the draws fall below the median.
        let logNormal = try Distribution.logNormal(median: 5, sigma: 0.8).validated()
        let below = (0..<4000).filter { _ in logNormal.sample(using: &rng) < 5 }.count
        #expect((1800...2200).contains(below))
        let choice = try Distribution.choice(values: [1, 10], weights: [3, 1]).validated()
        let tens = (0..<4000).filter { _ in choice.sample(using: &rng) == 10 }.count
        #expect((850...1150).contains(tens))
        #expect(throws: FederationError.self) { try Distribution.uniform(low: 3, high: 1).validated() }
        #expect(throws: FederationError.self) { try Distribution.choice(values: [1], weights: [1, 2]).validated() }
        #expect(throws: FederationError.self) { try DeviceProfile(availability: 1.2).validated() }
        #expect(throws: FederationError.self) { try LinkProfile(downBytesPerSecond: 0).validated() }
    }
}

@Suite struct RunReportTests {
    func sampleReport() -> RunReport {
        var r1 = RoundRecord(round: 1)
        r1.invited = [0, 1, 2]
        r1.completed = [0, 1]
        r1.straggled = [2]
        r1.globalAccuracy = 0.61
        r1.wireBytesDown = 3000
        r1.wireBytesUp = 2000
        var r2 = RoundRecord(round: 2)
        r2.globalAccuracy = 0.72
        r2.wireBytesDown = 3000
        r2.wireBytesUp = 3000
        return RunReport(summary: ["strategy": "FedAvg"], rounds: [r1, r2])
    }

    @Test func bytesToReachCountsEveryRoundUpToTheTarget() {
        let report = sampleReport()
        #expect(report.bytesToReach(accuracy: 0.6) == 5000)
        #expect(report.bytesToReach(accuracy: 0.7) == 11000)
        #expect(report.bytesToReach(accuracy: 0.9) == nil)
        #expect(report.finalAccuracy == 0.72)
    }

    @Test func jsonRoundTripsAndCsvHasARowPerRound() throws {
        let report = sampleReport()
        #expect(try RunReport.load(from: report.jsonData()) == report)
        let lines = report.csv().split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("1,3,2,1,0,0,0,0.610000"))
        #expect(lines[1].hasSuffix(",,,"), "a synchronous round has no late-update counts and no aggregation error")
        #expect(report.consoleTable().contains("final accuracy 0.7200"))
        // An asynchronous round: two late updates applied, one too stale.
        var late = report.rounds[1]
        late.lateApplied = [2, 4]
        late.tooStale = [5]
        let asyncReport = RunReport(rounds: [late])
        #expect(asyncReport.csv().split(separator: "\n")[1].hasSuffix(",2,1,"))
        // The console's late column (the 4 characters under its header) shows the count, or - when synchronous.
        let header = RunReport.consoleHeader
        let range = try #require(header.range(of: "late"))
        let start = header.distance(from: header.startIndex, to: range.lowerBound)
        func lateColumn(_ line: String) -> String { String(Array(line)[start..<(start + 4)]).filter { $0 != " " } }
        #expect(lateColumn(RunReport.consoleLine(late)) == "2")
        #expect(lateColumn(RunReport.consoleLine(report.rounds[0])) == "-")
        // The spare column (the 5 characters under its header) counts the over-committed answers not used.
        let spareStart = header.distance(
            from: header.startIndex, to: try #require(header.range(of: "spare")).lowerBound)
        var spare = report.rounds[0]
        spare.surplus = [7, 8]
        #expect(String(Array(RunReport.consoleLine(spare))[spareStart..<(spareStart + 5)]).filter { $0 != " " } == "2")
        // Failed clients' reasons follow the round, grouped by reason, at most three.
        var failing = report.rounds[0]
        failing.failureReasons = [4: "timeout", 1: "timeout", 3: "bad shape", 5: "r3", 6: "r4"]
        let reasons = RunReport.consoleLine(failing).split(separator: "\n").map(String.init)
        #expect(reasons.count == 5)
        #expect(reasons[1] == "         clients 1, 4 failed: timeout")
        #expect(reasons[2] == "         client 3 failed: bad shape")
        #expect(reasons[3] == "         client 5 failed: r3")
        #expect(reasons[4] == "         (1 more reason in the JSON report's failureReasons)")
    }
}
