import Federation
import Foundation
import Testing

/// FedBuff's buffered, staleness-weighted rule, the server's late-update queue (``LateUpdates``), and a
/// run in which a slow client's update arrives two rounds late and still counts.
@Suite struct FedBuffTests {
    @Test func buffersUntilKThenStepsWithStalenessWeights() throws {
        // Prepare: K = 3, η_g = 0.5, s(τ) = 1/√(1 + τ), max staleness 2; θ = [0, 0].
        var s = try FedBuff(bufferSize: 3, serverLearningRate: 0.5, maxStaleness: 2)
        var tooStale = result(1, [3, 0])
        tooStale.staleness = 3
        // Execute: round 1 buffers one fresh update and ignores the one lagging 3 rounds.
        let first = try s.aggregateFit(
            round: 1, global: [0, 0], results: [result(0, [1, 2]), tooStale], failures: [])
        // Assert: one update buffered, no step yet.
        #expect(first == nil)
        #expect(s.bufferedCount == 1)
        // Execute: round 2 (model kept) brings a fresh update and one of staleness 2.
        var twoLate = result(2, [6, 2])
        twoLate.staleness = 2
        let second = try #require(
            try s.aggregateFit(round: 2, global: [0, 0], results: [result(3, [2, 2]), twoLate], failures: []))
        // Assert: θ = 0.5·([1, 2] + [2, 2] + (1/√3)·[6, 2]) / 3 = [0.5 + √3/3, 2/3 + √3/9]; the buffer is empty.
        let r3 = Float(3.0.squareRoot())
        #expect(close(second, [0.5 + r3 / 3, 2.0 / 3 + r3 / 9]))
        #expect(s.bufferedCount == 0)
        #expect(close([s.stalenessWeight(0), s.stalenessWeight(3)], [1, 0.5]))
    }

    @Test func theBufferSurvivesACheckpoint() throws {
        // Prepare: one buffered update of [2].
        var s = try FedBuff(bufferSize: 2)
        _ = try s.aggregateFit(round: 1, global: [0], results: [result(0, [2])], failures: [])
        // Execute
        var restored = try FedBuff(bufferSize: 2)
        try restored.restoreState(try s.checkpointState())
        let next = try restored.aggregateFit(round: 2, global: [0], results: [result(1, [4])], failures: [])
        // Assert: (2 + 4) / 2.
        #expect(close(next ?? [], [3]))
    }

    @Test func badSettingsFailAtConstruction() {
        #expect(throws: FederationError.self) { _ = try FedBuff(bufferSize: 0) }
        #expect(throws: FederationError.self) { _ = try FedBuff(serverLearningRate: 0) }
        #expect(throws: FederationError.self) { _ = try FedBuff(maxStaleness: -1) }
        #expect(throws: FederationError.self) { _ = try FedBuff(stalenessExponent: -0.5) }
        #expect(throws: FederationError.self) {
            _ = try StrategyCatalog.make(name: "fedbuff", options: ["buffer_size": 2.5])
        }
        #expect((try? StrategyCatalog.make(name: "fedbuff", options: ["max_staleness": 3]))?.maxStaleness == 3)
    }

    @Test func lateUpdatesArriveInTheRoundTheirVirtualTimeFallsInRebasedOnTheCurrentModel() {
        // Prepare: client 4 trained round 1's model [1, 1] to [3, 0] and arrives at virtual 130 s;
        // client 5 trained round 1's model to [2, 2] and arrives at 500 s.
        var late = LateUpdates()
        late.hold(result(4, [3, 0]), sent: [1, 1], round: 1, arrival: 130)
        late.hold(result(5, [2, 2]), sent: [1, 1], round: 1, arrival: 500)
        #expect(late.busy == [4, 5])
        #expect(late.nextArrival == 130)
        // Execute: round 2 ends at 100 s (nothing arrived), round 3 at 140 s, round 9 at 600 s (max staleness 5).
        let two = late.deliver(round: 2, endingAt: 100, global: [5, 5], maxStaleness: 5)
        let three = late.deliver(round: 3, endingAt: 140, global: [10, 10], maxStaleness: 5)
        let nine = late.deliver(round: 9, endingAt: 600, global: [0, 0], maxStaleness: 5)
        // Assert: client 4 lands in round 3 with staleness 2 as [10, 10] + ([3, 0] − [1, 1]); client 5
        // lags 8 rounds and is dropped; nothing is left in flight.
        #expect(two.results.isEmpty && two.tooStale.isEmpty)
        #expect(three.results.map(\.clientID) == [4])
        #expect(three.results.first?.staleness == 2)
        #expect(close(three.results.first?.parameters ?? [], [12, 9]))
        #expect(nine.results.isEmpty && nine.tooStale == [5])
        #expect(late.busy.isEmpty)
    }

    /// The run of the slow-client test below: `rounds` rounds, optionally checkpointed to or resumed from `checkpoint`.
    static func run(maxStaleness: Int, rounds: Int = 3, checkpoint: URL? = nil, resume: Bool = false) async throws -> (
        Float, RunReport
    ) {
        let fast = ClientProfile(device: DeviceProfile(flopsPerSecond: 3.0 / 40))
        let slow = ClientProfile(device: DeviceProfile(flopsPerSecond: 3.0 / 130))
        let federation = try LocalFederation([
            (QuadraticTrainer(target: [2], samples: 10), fast), (QuadraticTrainer(target: [2], samples: 10), fast),
            (QuadraticTrainer(target: [8], samples: 10), slow),
        ])
        defer { federation.shutdown() }
        let config = ServerConfig(
            rounds: rounds, plan: LocalPlan(epochs: 1, batchSize: 10, learningRate: 0.5), roundDeadlineSeconds: 60,
            checkpointURL: resume ? nil : checkpoint)
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients,
            strategy: try FedBuff(bufferSize: 2, maxStaleness: maxStaleness),
            initialParameters: [0], evaluator: nil, config: config)
        if resume, let checkpoint { try await server.resume(from: try ServerCheckpoint.read(from: checkpoint)) }
        let report = try await server.run()
        return (try #require(await server.parameters.first), report)
    }

    @Test func anUpdateInFlightSurvivesACheckpoint() async throws {
        // Prepare: stop after round 1, while the slow client's update is still travelling.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fedactors-fedbuff-\(UUID().uuidString).checkpoint")
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try await Self.run(maxStaleness: 5, rounds: 1, checkpoint: url)
        // Execute: a fresh federation resumes from the file.
        let (resumed, report) = try await Self.run(maxStaleness: 5, rounds: 3, checkpoint: url, resume: true)
        // Assert: as uninterrupted: the update lands in round 3 with staleness 2.
        #expect(abs(resumed - (1.5 + (0.5 + 4 / Float(3.0.squareRoot())) / 3)) < 1e-4)
        #expect(report.rounds.map(\.lateApplied) == [[], [], [2]])
    }

    @Test func aSlowClientsUpdateArrivesTwoRoundsLateAndCountsWithItsStalenessWeight() async throws {
        // Prepare: clients 0 and 1 (target 2) take 40 virtual s a round, client 2 (target 8) takes 130 s;
        // the deadline is 60 s. One step of lr ½ moves a client halfway to its target: Δ = (t − θ)/2.
        // Round 1 [0, 60 s]: Δ₀ = Δ₁ = 1 → θ = 1 (K = 2); client 2 straggles with Δ₂ = 4 from θ = 0.
        // Round 2 [60, 100 s]: client 2 is busy; Δ = ½, ½ → θ = 1.5.
        // Round 3 [100, 140 s]: Δ = ¼, ¼, and client 2's update arrives (130 s) with staleness 2:
        //   θ = 1.5 + (¼ + ¼ + 4/√3)/3 ≈ 2.4365. Dropping it (max staleness 1) gives 1.5 + ¼ = 1.75.
        // Execute
        let started = ContinuousClock.now
        let (applied, report) = try await Self.run(maxStaleness: 5)
        let (dropped, droppedReport) = try await Self.run(maxStaleness: 1)
        // Assert: the update is applied with weight 1/√3, not discarded; the slow client is not
        // re-invited while its update is in flight; no real waiting for 130 virtual seconds.
        #expect(abs(applied - (1.5 + (0.5 + 4 / Float(3.0.squareRoot())) / 3)) < 1e-4)
        #expect(abs(dropped - 1.75) < 1e-4)
        #expect(report.rounds.map(\.straggled) == [[2], [], []])
        #expect(report.rounds.map(\.invited) == [[0, 1, 2], [0, 1], [0, 1]])
        #expect(report.rounds.map(\.lateApplied) == [[], [], [2]])
        #expect(droppedReport.rounds.map(\.tooStale) == [[], [], [2]])
        #expect(abs(report.rounds.reduce(0) { $0 + $1.virtualSeconds } - 140.08) < 0.01)
        // Sleeping the 130 virtual seconds would take over 260 s for the two runs; a loaded machine is far below.
        #expect(ContinuousClock.now - started < .seconds(100))
    }
}
