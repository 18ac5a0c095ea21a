import ActorMesh
@testable import Federation
import Foundation
import Testing

/// The round's phases one by one (``FederatedServer/runRound(_:)`` runs them in order), on a
/// federation in one process over the in-memory transport.
@Suite struct RoundPhaseTests {
    static func server(minAvailable: Int = 1, minFit: Int = 1, deadline: Double? = nil) async throws -> (
        FederatedServer, LocalFederation
    ) {
        let fast = ClientProfile(device: DeviceProfile(flopsPerSecond: 1e9))
        let federation = try LocalFederation(
            (0..<4).map { _ in (QuadraticTrainer(target: [1, 2], samples: 10), fast) })
        let config = ServerConfig(
            rounds: 3, participation: ParticipationPolicy(fraction: 0.5, minAvailable: minAvailable, minFit: minFit),
            plan: LocalPlan(epochs: 1, batchSize: 10, learningRate: 0.5), roundDeadlineSeconds: deadline)
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: RecordingMean(),
            initialParameters: [0, 0],
            evaluator: nil, config: config)
        try await server.prepare()
        return (server, federation)
    }

    @Test func inviteSamplesAmongTheOnlineOrSaysWhyNoneWere() async throws {
        let (server, federation) = try await Self.server(minAvailable: 3)
        defer { federation.shutdown() }
        var record = RoundRecord(round: 1)
        // Two online, three needed: nobody invited, and the round says why.
        #expect(await server.invite(from: [0, 1], target: 2, into: &record, roundStart: 0) == nil)
        #expect(record.invited.isEmpty)
        #expect(record.aggregationError?.contains("fewer than min_available 3") == true)
        // Four online, a target of 2: two of them, recorded sorted.
        var next = RoundRecord(round: 2)
        let invited = try #require(await server.invite(from: [0, 1, 2, 3], target: 2, into: &next, roundStart: 0))
        #expect(invited.count == 2 && Set(invited).isSubset(of: [0, 1, 2, 3]))
        #expect(next.invited == invited.sorted())
    }

    @Test func classifyTellsCompletedDroppedFailedAndCutOffApart() async throws {
        let (server, federation) = try await Self.server()
        defer { federation.shutdown() }
        let (instructions, scale, _) = await server.fitInstructions(round: 1, invited: [0, 1, 2, 3])
        #expect(Set(instructions.keys) == [0, 1, 2, 3] && scale == nil)
        let good = FitResult(
            clientID: 0, parameters: [1, 2], sampleCount: 10, trainLoss: 0.5, localSteps: 1, flops: 1000,
            computeSeconds: 0.01)
        let wrongCount = FitResult(
            clientID: 1, parameters: [1, 2], sampleCount: 11, trainLoss: 0.5, localSteps: 1, flops: 1000,
            computeSeconds: 0.01)
        let arrivals: [Int: FederatedServer.Arrival] = [
            0: .init(outcome: .success(good), seconds: 0.1),
            1: .init(outcome: .success(wrongCount), seconds: 0.1),
            2: .init(outcome: .failure(FederationError(.droppedOut, "client 2 dropped out")), seconds: 0.1),
            // Client 3 never answered: the real-time cut-off passed.
        ]
        var record = RoundRecord(round: 1)
        let answers = await server.classify(
            arrivals, of: instructions, target: 2, realTimeScale: nil, into: &record, round: 1, roundStart: 0)
        #expect(record.completed == [0])
        #expect(record.dropped == [2])
        #expect(record.failed == [1])
        #expect(record.straggled == [3])  // cut off: it straggled
        #expect(record.failureReasons?[1]?.contains("11") == true, "\(record.failureReasons ?? [:])")
        #expect(Set(answers.results.keys) == [0])
        #expect(answers.failures.map(\.clientID).sorted() == [1, 2, 3])
        #expect(answers.failures.first { $0.clientID == 3 }?.kind == .straggler)
        // Every invited client was sent the model; only the usable answer counts as uploaded.
        #expect(record.logicalBytesDown == 4 * 2 * 4 && record.logicalBytesUp == 4 * 2)
        #expect(record.clientVirtualSeconds[0].map { $0 > 0 } == true)
    }

    @Test func aggregateKeepsTheModelBelowMinFitAndSaysWhy() async throws {
        let (server, federation) = try await Self.server(minFit: 2)
        defer { federation.shutdown() }
        var record = RoundRecord(round: 1)
        record.completed = [0]
        var answers = FederatedServer.RoundAnswers()
        answers.results[0] = FitResult(
            clientID: 0, parameters: [1, 2], sampleCount: 10, trainLoss: 0.5, localSteps: 1, flops: 1000,
            computeSeconds: 0.01)
        await server.aggregate(&answers, into: &record, round: 1, roundStart: 0)
        #expect(record.aggregationError == "1 usable result, fewer than min_fit 2")
        #expect(record.trainLoss == 0.5)
        #expect(await server.parameters == [0, 0])
        // Two results: the strategy's mean becomes the model.
        record.completed = [0, 1]
        record.aggregationError = nil
        answers.results[1] = FitResult(
            clientID: 1, parameters: [3, 4], sampleCount: 10, trainLoss: 1.5, localSteps: 1, flops: 1000,
            computeSeconds: 0.01)
        await server.aggregate(&answers, into: &record, round: 1, roundStart: 0)
        #expect(record.aggregationError == nil)
        #expect(await server.parameters == [2, 3])
    }
}
