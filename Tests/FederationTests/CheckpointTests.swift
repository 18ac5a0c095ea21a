import ActorMesh
import Federation
import Foundation
import Testing

/// A strategy with server state: the mean update applied with momentum (so a resume that forgot the
/// velocity would diverge from the uninterrupted run).
struct MomentumMean: Strategy, Codable {
    var velocity: [Float] = []
    var name: String { "MomentumMean" }
    mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws
        -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        if velocity.isEmpty { velocity = [Float](repeating: 0, count: global.count) }
        var next = global
        for i in global.indices {
            let mean = results.reduce(Float(0)) { $0 + $1.parameters[i] } / Float(results.count)
            velocity[i] = 0.5 * velocity[i] + (mean - global[i])
            next[i] += velocity[i]
        }
        return next
    }
}

@Suite struct CheckpointTests {
    let targets: [[Float]] = [[1, 0], [2, 1], [4, -1], [8, 3], [0, 5], [3, 3]]

    func server(rounds: Int, checkpoint: URL?, seed: UInt64 = 7, federation: LocalFederation) throws -> FederatedServer
    {
        let config = ServerConfig(
            rounds: rounds, participation: ParticipationPolicy(fraction: 0.5),
            plan: LocalPlan(batchSize: 10, learningRate: 0.3),
            seed: seed, checkpointURL: checkpoint)
        return try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: MomentumMean(),
            initialParameters: [0, 0],
            evaluator: QuadraticTrainer(target: [3, 2]), config: config)
    }

    func federation() throws -> LocalFederation {
        try LocalFederation(targets.map { (QuadraticTrainer(target: $0), ClientProfile()) })
    }

    @Test func aResumedRunContinuesExactlyLikeTheUninterruptedOne() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fedactors-ckpt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Uninterrupted: 6 rounds.
        let whole = try federation()
        defer { whole.shutdown() }
        let reference = try server(rounds: 6, checkpoint: nil, federation: whole)
        let expected = try await reference.run()
        let expectedParameters = await reference.parameters

        // Interrupted after round 3 (a fresh federation: nothing survives but the checkpoint file).
        let url = dir.appendingPathComponent("run.checkpoint")
        let first = try federation()
        _ = try await server(rounds: 3, checkpoint: url, federation: first).run()
        first.shutdown()
        let second = try federation()
        defer { second.shutdown() }
        let resumed = try server(rounds: 6, checkpoint: url, federation: second)
        try await resumed.resume(from: try ServerCheckpoint.read(from: url))
        let report = try await resumed.run()

        // Same rounds, same clients, same losses and accuracies, same final model, bit for bit.
        #expect(report.rounds.count == 6)
        #expect(report.summary["resumed after round"] == "3")
        for (a, b) in zip(expected.rounds, report.rounds) {
            #expect(a.invited == b.invited && a.completed == b.completed, "round \(a.round)")
            #expect(a.trainLoss == b.trainLoss && a.globalAccuracy == b.globalAccuracy, "round \(a.round)")
        }
        #expect(await resumed.parameters == expectedParameters)
        // Participation 50% of 6: the rounds did not all pick the same clients (the sampler state matters).
        #expect(Set(expected.rounds.map(\.invited)).count > 1)
        #expect(try ServerCheckpoint.read(from: url).completedRounds == 6)
    }

    @Test func aCheckpointOfAnotherRunOrGarbageIsRefused() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fedactors-ckpt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("run.checkpoint")
        let f = try federation()
        defer { f.shutdown() }
        _ = try await server(rounds: 1, checkpoint: url, federation: f).run()
        let checkpoint = try ServerCheckpoint.read(from: url)

        let otherSeed = try server(rounds: 3, checkpoint: nil, seed: 8, federation: f)
        await #expect(throws: FederationError.self) { try await otherSeed.resume(from: checkpoint) }

        // Late updates are checked against the rounds done: one based on round Int.min is refused.
        var tampered = checkpoint
        var late = LateUpdates()
        late.hold(
            FitResult(
                clientID: 0, parameters: [0, 0], sampleCount: 1, trainLoss: 1, localSteps: 1, flops: 1,
                computeSeconds: 0),
            sent: [0, 0], round: Int.min, arrival: 0)
        tampered.lateUpdates = late
        let sameRun = try server(rounds: 3, checkpoint: nil, federation: f)
        await #expect(throws: FederationError.self) { try await sameRun.resume(from: tampered) }
        try await sameRun.resume(from: checkpoint)

        try Data("not a checkpoint".utf8).write(to: url)
        #expect(throws: FederationError.self) { try ServerCheckpoint.read(from: url) }
        #expect(throws: FederationError.self) { try ServerCheckpoint.read(from: dir.appendingPathComponent("missing")) }
    }
}
