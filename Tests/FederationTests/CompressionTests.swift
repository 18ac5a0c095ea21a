import ActorMesh
import Federation
import Foundation
import Testing

@Suite struct UpdateCodecTests {
    @Test func denseFloatRoundTripsExactly() throws {
        let delta: [Float] = [0.5, -1.25, 3, 0]
        let encoded = UpdateCodec.encode(delta, with: try Compression(stages: []))
        #expect(try UpdateCodec.decode(encoded) == delta)
        #expect(encoded.contentBytes == 16)
    }

    @Test func topKKeepsTheLargestMagnitudesAndZeroesTheRest() throws {
        // |values| = 0.1, 5, 3, 0.2: half of 4 coordinates is 2, so coordinates 1 and 2 survive.
        let encoded = UpdateCodec.encode([0.1, -5, 3, 0.2], with: try Compression(stages: [.topK(fraction: 0.5)]))
        #expect(encoded.indices == [1, 2])
        #expect(try UpdateCodec.decode(encoded) == [0, -5, 3, 0])
        #expect(encoded.contentBytes == 2 * 4 + 2 * 4)
    }

    @Test(arguments: [8, 16]) func quantizationErrorIsAtMostHalfAStep(bits: Int) throws {
        // Values spread over [-2, 2]: one step is 4 / (2^bits − 1); rounding errs by at most half of it.
        let delta = (0..<1000).map { Float(sin(Double($0))) * 2 }
        let encoded = UpdateCodec.encode(delta, with: try Compression(stages: [.quantize(bits: bits)]))
        let decoded = try UpdateCodec.decode(encoded)
        let step = (delta.max()! - delta.min()!) / Float((1 << bits) - 1)
        let worst = zip(delta, decoded).map { abs($0 - $1) }.max() ?? .infinity
        // (1% slack: offset + q·scale is computed in Float, off by a few ulps of |x| ≤ 2.)
        #expect(worst <= step / 2 * 1.01)
        #expect(encoded.contentBytes == 1000 * bits / 8 + 8)
    }

    @Test func topKThenQ8StoresIndicesAndOneBytePerValue() throws {
        let delta = (0..<100).map { Float($0 % 7) - 3 }
        let encoded = UpdateCodec.encode(
            delta, with: try Compression(stages: [.topK(fraction: 0.1), .quantize(bits: 8)]))
        #expect(encoded.indices?.count == 10)
        #expect(encoded.contentBytes == 10 * 4 + 10 + 8)
        // Every kept coordinate has |value| 3, the largest; it survives quantization within one step.
        let decoded = try UpdateCodec.decode(encoded)
        for i in encoded.indices ?? [] { #expect(abs(abs(decoded[Int(i)]) - 3) < 0.03) }
    }

    @Test func malformedUpdatesAreErrorsNotCrashes() {
        let outOfRange = EncodedUpdate(length: 3, indices: [0, 7], values: .float([1, 2]))
        let mismatched = EncodedUpdate(length: 3, indices: [0], values: .float([1, 2]))
        let wrongDenseLength = EncodedUpdate(length: 3, indices: nil, values: .float([1, 2]))
        let badBits = EncodedUpdate(
            length: 1, indices: nil, values: .quantized(bits: 12, offset: 0, scale: 1, codes: Data([1, 2])))
        let oddBytes = EncodedUpdate(
            length: 1, indices: nil, values: .quantized(bits: 16, offset: 0, scale: 1, codes: Data([1, 2, 3])))
        let nanScale = EncodedUpdate(
            length: 1, indices: nil, values: .quantized(bits: 8, offset: 0, scale: .nan, codes: Data([1])))
        for update in [outOfRange, mismatched, wrongDenseLength, badBits, oddBytes, nanScale] {
            #expect(throws: FederationError.self) { try UpdateCodec.decode(update) }
        }
    }

    @Test func badSettingsFailAtConstruction() {
        #expect(throws: FederationError.self) { try Compression(stages: [.topK(fraction: 0)]) }
        #expect(throws: FederationError.self) { try Compression(stages: [.topK(fraction: 1.5)]) }
        #expect(throws: FederationError.self) { try Compression(stages: [.quantize(bits: 4)]) }
        #expect(throws: FederationError.self) { try Compression(stages: [.quantize(bits: 8), .topK(fraction: 0.1)]) }
    }

    @Test func errorFeedbackEventuallySendsWhatTopKHeldBack() throws {
        // Prepare: the same delta every round; top-1 of 4 coordinates.
        let delta: [Float] = [4, 3, 2, 1]
        let compression = try Compression(stages: [.topK(fraction: 0.25)], errorFeedback: true)
        let plain = try Compression(stages: [.topK(fraction: 0.25)])
        var withFeedback = UpdateCompressor(), without = UpdateCompressor()
        var sentWith = [Float](repeating: 0, count: 4), sentWithout = sentWith
        var norms: [Float] = []
        // Execute: 400 rounds.
        for round in 1...400 {
            let a = try UpdateCodec.decode(withFeedback.compress(delta, with: compression))
            let b = try UpdateCodec.decode(without.compress(delta, with: plain))
            for i in 0..<4 { sentWith[i] += a[i]; sentWithout[i] += b[i] }
            if round % 100 == 0 { norms.append(withFeedback.residualNorm) }
        }
        // Assert: without feedback only the largest coordinate ever gets through; with it, every
        // coordinate arrives in proportion (within 2% after 400 rounds) because the carried residual
        // stays bounded instead of growing with the rounds.
        #expect(sentWithout == [1600, 0, 0, 0])
        for i in 0..<4 { #expect(abs(sentWith[i] / (400 * delta[i]) - 1) < 0.02) }
        #expect(norms.allSatisfy { $0 < 12 })
    }
}

@Suite struct CompressedRoundTests {
    struct Outcome {
        var report: RunReport
        var replyPayloadBytes: Int
        var parameters: [Float]
    }

    /// One round of 3 clients on a 10,000-parameter objective.
    func runRound(_ compression: Compression?) async throws -> Outcome {
        let n = 10_000
        let target = (0..<n).map { Float($0 % 13) / 13 }
        let federation = try LocalFederation((0..<3).map { _ in (QuadraticTrainer(target: target), ClientProfile()) })
        defer { federation.shutdown() }
        let config = ServerConfig(
            rounds: 1, plan: LocalPlan(batchSize: 10, learningRate: 0.5), compression: compression)
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: try FedAvg(),
            initialParameters: [Float](repeating: 0, count: n), evaluator: nil, config: config)
        let report = try await server.run()
        let replies = federation.server.ledger.snapshot().total { $0.method == "fit(_:)" && $0.direction == .received }
        return Outcome(report: report, replyPayloadBytes: replies.payloadBytes, parameters: await server.parameters)
    }

    @Test func ledgerBytesFollowTheEncodedSizes() async throws {
        // Execute: the same round uncompressed, 16-bit, 8-bit and top-1% + 8-bit.
        let plain = try await runRound(nil)
        var measured: [(logical: Int, wire: Int)] = [(plain.report.rounds[0].logicalBytesUp, plain.replyPayloadBytes)]
        for stages in [
            [Compression.Stage.quantize(bits: 16)], [.quantize(bits: 8)], [.topK(fraction: 0.01), .quantize(bits: 8)],
        ] {
            let r = try await runRound(try Compression(stages: stages))
            #expect(r.report.rounds[0].completed.count == 3)
            measured.append((r.report.rounds[0].logicalBytesUp, r.replyPayloadBytes))
        }
        // Assert: logical sizes are exactly what the encodings hold (3 clients × content bytes)...
        #expect(measured.map(\.logical) == [3 * 40_000, 3 * (20_000 + 8), 3 * (10_000 + 8), 3 * (100 * 4 + 100 + 8)])
        // ...and the ledger's payload bytes exceed them by the same small per-reply overhead (the other
        // FitResult fields and the codec's tags), so the savings are measured on the wire.
        // (Measured: ~115 bytes per reply uncompressed, ~205 with the encoded-update fields.)
        let overheads = measured.map { ($0.wire - $0.logical) / 3 }
        for o in overheads { #expect(o > 0 && o < 256) }
        let compressed = overheads.dropFirst()
        #expect((compressed.max() ?? 0) - (compressed.min() ?? 0) < 16)
        #expect(Double(measured[2].wire) / Double(measured[0].wire) < 0.26)
    }

    @Test func quantizedUpdatesLandWithinHalfAStepOfTheExactModel() async throws {
        // Every client's delta spans [0, 12/13·½] (one step of lr ½ towards targets in [0, 12/13]), so an
        // 8-bit step is (6/13)/255 and each restored coordinate errs by at most half of it; the mean of
        // three such errors does too.
        let plain = try await runRound(nil)
        let q8 = try await runRound(try Compression(stages: [.quantize(bits: 8)]))
        let halfStep = Float(6.0 / 13.0 / 255.0 / 2.0) * 1.01
        let worst = zip(plain.parameters, q8.parameters).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= halfStep)
        #expect(worst > 0)
    }
}
