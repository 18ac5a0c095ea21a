import ActorMesh
import Federation
import Foundation
import Testing

/// Real-time mode: delays are slept for real and the deadline is on the wall clock.
@Suite struct RealTimeModeTests {
    @Test func aRealDeadlineCutsOffTheSlowClientAndTheFastOneTakesItsProfilesTime() async throws {
        // Prepare: client 0 needs ~2 virtual seconds (1 s latency each way); client 1 computes at
        // 1 FLOP per 1,000 s (hours). Scale 0.05: a virtual second is 50 ms, the 200 s deadline 10 s of real
        // time (a wide margin over the fast client's 0.1 s, so a loaded machine does not make it straggle).
        let fast = ClientProfile(device: DeviceProfile(flopsPerSecond: 1e9), link: LinkProfile(latencySeconds: 1))
        let slow = ClientProfile(device: DeviceProfile(flopsPerSecond: 0.001))  // 12 FLOPs: 12,000 virtual s
        let federation = try LocalFederation([
            (QuadraticTrainer(target: [1], samples: 32), fast), (QuadraticTrainer(target: [3], samples: 32), slow),
        ])
        defer { federation.shutdown() }
        let seen = Seen()
        let config = ServerConfig(
            rounds: 1, plan: LocalPlan(epochs: 1, batchSize: 8, learningRate: 0.5), roundDeadlineSeconds: 200,
            timeMode: .realTime(scale: 0.05))
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: RecordingMean(seen: seen),
            initialParameters: [0],
            evaluator: nil, config: config)
        // Execute
        let started = ContinuousClock.now
        let report = try await server.run()
        let wall = (ContinuousClock.now - started).seconds
        // Assert: the slow client straggled at the deadline and reached the strategy as a failure.
        let round = try #require(report.rounds.first)
        #expect(round.completed == [0])
        #expect(round.straggled == [1])
        #expect(seen.all.first?.failures.map(\.kind) == [.straggler])
        // The fast client slept its two latencies: its measured time is at least its profile's 2 virtual s.
        let measured = try #require(round.clientVirtualSeconds[0])
        #expect(measured >= 2 && measured < 200)
        // The server waited for the real deadline (10 s), not for the slow client (days).
        #expect(wall >= 10 && wall < 120)
    }

    @Test func virtualModeDoesNotSleep() async throws {
        // Prepare: a fast client behind a 1,000 s latency each way; in virtual time it is only counted.
        let fast = ClientProfile(
            device: DeviceProfile(flopsPerSecond: 1e9), link: LinkProfile(latencySeconds: 1_000))
        let federation = try LocalFederation([(QuadraticTrainer(target: [1], samples: 32), fast)])
        defer { federation.shutdown() }
        let config = ServerConfig(
            rounds: 1, plan: LocalPlan(epochs: 1, batchSize: 8, learningRate: 0.5), roundDeadlineSeconds: 10_000)
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: RecordingMean(), initialParameters: [0],
            evaluator: nil, config: config)
        // Execute
        let report = try await server.run()
        // Assert: 2,000 virtual seconds recorded; sleeping them would take over half an hour.
        let round = try #require(report.rounds.first)
        #expect(try #require(round.clientVirtualSeconds[0]) >= 2_000)
        #expect(round.wallSeconds < 300)
    }

    @Test func aBadScaleIsRefusedWithAMessage() {
        #expect(throws: FederationError.self) {
            _ = try ServerConfig(timeMode: .realTime(scale: 0)).validated(clients: 1)
        }
        #expect((try? TimeMode.realTime(scale: 0.5).validated()) == .realTime(scale: 0.5))
    }
}
