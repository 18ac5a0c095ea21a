import ActorMesh
import ActorMeshTesting
import Foundation
import Synchronization
import Testing
@testable import Federation

/// A trainer whose reported sample count can be changed after the server has read it, as a broken or
/// hostile client could answer `fit` with any count.
final class ForgingTrainer: LocalTrainer, Sendable {
    let reported = Mutex(10)
    var parameterCount: Int { 1 }
    var sampleCount: Int { reported.withLock { $0 } }
    func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit {
        LocalFit(parameters: parameters.map { $0 + 1 }, trainLoss: 1, steps: 1, flops: 10)
    }
    func evaluate(_ global: [Float]) throws -> LocalEvaluation {
        LocalEvaluation(loss: 1, accuracy: 0.5, sampleCount: sampleCount)
    }
}

/// Settings shaped like `Compression` but built without its checks, to put any stages on the wire.
private struct UncheckedCompression: Codable {
    var stages: [Compression.Stage]
    var errorFeedback: Bool
}

/// A server optimizer's stored form with moments of any length, as a tampered checkpoint could hold.
private struct UncheckedFedOpt: Codable {
    var rule: String, serverLearningRate: Float, beta1: Float, beta2: Float, tau: Float
    var m: [Float], v: [Float]
}

/// What a peer controls (every field of a decoded message) must fail the one call or client, never trap.
@Suite struct HostileMessageTests {
    func result(_ id: Int, samples: Int, parameters: [Float] = [0, 0, 0, 0]) -> FitResult {
        FitResult(
            clientID: id, parameters: parameters, sampleCount: samples, trainLoss: 1, localSteps: 1, flops: 1,
            computeSeconds: 0)
    }

    @Test func aClientForgingItsSampleCountFailsAloneAndTheRunGoesOn() async throws {
        let forger = ForgingTrainer()
        let federation = try LocalFederation([
            (QuadraticTrainer(target: [1], samples: 10), ClientProfile()),
            (QuadraticTrainer(target: [3], samples: 10), ClientProfile()),
        ])
        defer { federation.shutdown() }
        let system = federation.clientSystems[0]
        let actor = try system.makeActor(named: ClientActor.path(for: 2)) {
            ClientActor(actorSystem: system, clientID: 2, trainer: forger, profile: ClientProfile())
        }
        var clients = federation.clients
        clients[2] = try ClientActor.resolve(id: actor.id, using: federation.server)
        // FedNova weights by sample counts: Int.max beside 10 overflowed its sum before.
        let server = try FederatedServer(
            system: federation.server, clients: clients, strategy: FedNova(), initialParameters: [0], evaluator: nil,
            config: ServerConfig(rounds: 2, plan: LocalPlan(batchSize: 10, learningRate: 0.5)))
        try await server.prepare()
        forger.reported.withLock { $0 = Int.max }
        let report = try await server.run()
        #expect(report.rounds.map(\.failed) == [[2], [2]])
        #expect(report.rounds.map(\.completed) == [[0, 1], [0, 1]])
        #expect(try #require(await server.parameters.first).isFinite)
        // A client that describes itself with such a count is refused before round 1, by name.
        do {
            try await FederatedServer(
                system: federation.server, clients: clients, strategy: FedNova(), initialParameters: [0],
                evaluator: nil,
                config: ServerConfig(rounds: 1, plan: LocalPlan(batchSize: 10, learningRate: 0.5))
            ).prepare()
            Issue.record("a description with Int.max samples was accepted")
        } catch let error as FederationError {
            #expect(error.message.contains("client 2"), "\(error.message)")
        }
        _ = actor
    }

    @Test func forgedFitResultsAreRefusedBeforeAnythingIsBuiltFromThem() throws {
        let good = result(3, samples: 5)
        try good.check(from: 3, sentCount: 4)
        try good.check(from: 3, sentCount: 4, describedSamples: good.sampleCount)
        #expect(throws: FederationError.self) {
            try good.check(from: 3, sentCount: 4, describedSamples: good.sampleCount + 1)
        }
        var forged: [FitResult] = []
        for samples in [Int.max, -1] { forged.append(result(3, samples: samples)) }
        var r = good; r.clientID = 4; forged.append(r)
        r = good; r.localSteps = -2; forged.append(r)
        r = good; r.staleness = 3; forged.append(r)
        r = good; r.trainLoss = .nan; forged.append(r)
        r = good; r.flops = -.infinity; forged.append(r)
        r = good; r.parameters = [0, 0, 0]; forged.append(r)
        r = good; r.parameters = [0, .nan, 0, 0]; forged.append(r)
        r = good; r.controlVariateDelta = [1]; forged.append(r)
        r = good; r.personalRanges = [2..<9]; forged.append(r)
        // 196 bytes on the wire that claimed 2^31 coordinates: refused by length, not allocated.
        r = good; r.parameters = []; r.encodedUpdate = EncodedUpdate(length: 1 << 31, indices: [], values: .float([]));
        forged.append(r)
        for f in forged {
            #expect(throws: FederationError.self) { try f.check(from: 3, sentCount: 4) }
        }
    }

    @Test func countsAreSummedWithoutOverflow() throws {
        var fedAvg = try FedAvg()
        let mean = try #require(
            try fedAvg.aggregateFit(
                round: 1, global: [0],
                results: [result(0, samples: Int.max, parameters: [2]), result(1, samples: 1, parameters: [0])],
                failures: []))
        #expect(abs(mean[0] - 2) < 1e-6)
        let evaluated = fedAvg.aggregateEvaluate(
            round: 1,
            results: [
                EvaluateResult(clientID: 0, sampleCount: Int.max, loss: 9, accuracy: 0.9),
                EvaluateResult(clientID: 1, sampleCount: 4, loss: 1, accuracy: 0.5),
            ])
        #expect(evaluated?.accuracy == 0.5)  // the implausible count is left out
        var rng = SplitMix64(seed: 1)
        let picked = ClientSampler.select(
            1, from: [Candidate(id: 0, sampleCount: Int.max), Candidate(id: 1, sampleCount: 1)], sampling: .bySize,
            using: &rng)
        #expect(picked.count == 1)
    }

    @Test func compressionFromThePeerIsCheckedWhenDecoded() throws {
        for stages: [Compression.Stage] in [
            [.topK(fraction: -.infinity)], [.topK(fraction: .nan)], [.quantize(bits: 40)], [.quantize(bits: -8)],
            [.quantize(bits: 8), .topK(fraction: 0.5)],
        ] {
            let bytes = try BinaryEncoder().encode(UncheckedCompression(stages: stages, errorFeedback: false))
            #expect(throws: FederationError.self) { try BinaryDecoder().decode(Compression.self, from: bytes) }
        }
        let valid = try Compression(stages: [.topK(fraction: 0.5), .quantize(bits: 8)], errorFeedback: true)
        #expect(try BinaryDecoder().decode(Compression.self, from: try BinaryEncoder().encode(valid)) == valid)
    }

    @Test func theCodecCopesWithNaNInfinityAndSpansBeyondFloat() throws {
        // NaN counts as the largest magnitude; the count asked for is what comes back.
        for k in 1..<4 { #expect(UpdateCodec.topK([1, .nan, 3, 4], count: k).count == k) }
        #expect(UpdateCodec.topK([1, .nan, 3, 4], count: 1) == [1])
        let q8 = try Compression(stages: [.quantize(bits: 8)])
        let wide = try UpdateCodec.decode(UpdateCodec.encode([-3e38, 3e38, 0, 1], with: q8))
        #expect(wide.allSatisfy { $0.isFinite })
        #expect(abs(wide[0] + 3e38) < 3e36 && abs(wide[1] - 3e38) < 3e36)
        // An infinity is clamped to the finite range's end.
        let clamped = try UpdateCodec.decode(UpdateCodec.encode([.infinity, 1, 2, 3], with: q8))
        #expect(clamped[0] == 3 && zip(clamped.dropFirst(), [1, 2, 3]).allSatisfy { abs($0 - $1) < 0.01 })
        var compressor = UpdateCompressor()
        let feedback = try Compression(stages: [.topK(fraction: 0.5), .quantize(bits: 8)], errorFeedback: true)
        _ = compressor.compress([.infinity, 1, 2, 3], with: feedback)
        #expect(compressor.residualNorm.isFinite)
        let next = try UpdateCodec.decode(compressor.compress([1, 2, 3, 4], with: feedback))
        #expect(next.count == 4 && next.allSatisfy(\.isFinite))
    }

    @Test func aClientRefusesInstructionsItCannotFollow() async throws {
        let system = try MeshSystem(transport: InMemoryTransport(name: "c", network: InMemoryNetwork()))
        defer { system.shutdown() }
        let client = ClientActor(
            actorSystem: system, clientID: 0, trainer: QuadraticTrainer(target: [1, 2]), profile: ClientProfile())
        let plan = LocalPlan(batchSize: 10, learningRate: 0.5)
        var bad: [FitInstructions] = []
        var p = plan; p.epochs = -1
        bad.append(FitInstructions(round: 1, parameters: [0, 0], plan: p))
        bad.append(FitInstructions(round: 1, parameters: [0, 0], plan: plan, pacing: RealTimePacing(scale: 1e300)))
        bad.append(FitInstructions(round: 1, parameters: [0, .infinity], plan: plan))
        bad.append(FitInstructions(round: 1, parameters: [0, 0, 0], plan: plan))
        bad.append(FitInstructions(round: 1, parameters: [0, 0], plan: plan, hooks: ClientHooks(controlVariate: [1])))
        bad.append(
            FitInstructions(round: 1, parameters: [0, 0], plan: plan, hooks: ClientHooks(proximalMu: -.infinity)))
        for instructions in bad {
            await #expect(throws: FederationError.self) { try await client.fit(instructions) }
        }
        #expect(try await client.fit(FitInstructions(round: 1, parameters: [0, 0], plan: plan)).parameters.count == 2)
    }

    @Test func tamperedStrategyStateAndLateUpdatesDoNotTrap() throws {
        // Server-optimizer moments of different lengths are started afresh instead of indexed past their end.
        var adam = try FedAdam(serverLearningRate: 0.01, beta1: 0.9)
        try adam.restoreState(
            try BinaryEncoder().encode(
                UncheckedFedOpt(
                    rule: "adam", serverLearningRate: 0.01, beta1: 0.9, beta2: 0.99, tau: 0.001, m: [0, 0, 0, 0], v: [])
            ))
        let next = try #require(
            try adam.aggregateFit(
                round: 1, global: [0, 0, 0, 0], results: [result(0, samples: 1, parameters: [1, 1, 1, 1])], failures: []
            ))
        #expect(next.allSatisfy { $0.isFinite && $0 > 0 })
        // A late update based on round Int.min is too stale, not an overflow.
        var late = LateUpdates()
        late.hold(result(0, samples: 1), sent: [0, 0, 0, 0], round: Int.min, arrival: 0)
        let delivery = late.deliver(round: 2, endingAt: 1, global: [0, 0, 0, 0], maxStaleness: 5)
        #expect(delivery.results.isEmpty && delivery.tooStale == [0])
    }
}
