import ActorMesh
@testable import Federation
import Testing

/// The aggregator's state machine alone: answers in, one classified, pre-aggregated update out.
@Suite struct SiteCollectionTests {
    /// A site of `profiles.count` clients on their own links, the model `parameters`.
    func instructions(_ profiles: [ClientProfile], samples: [Int], cutOff: Double?, compression: Compression? = nil)
        -> SiteInstructions
    {
        SiteInstructions(
            round: 1, site: "s", parameters: [0, 0],
            clients: profiles.indices.map { i in
                SiteClient(
                    id: i, actor: MeshActorID(node: "inproc://n", path: ClientActor.path(for: i)), plan: LocalPlan(),
                    hooks: ClientHooks(), sampleCount: samples[i], profile: profiles[i])
            }, compression: compression, cutOffSeconds: cutOff, network: NetworkModel(), callTimeoutSeconds: 1)
    }

    func result(_ id: Int, _ parameters: [Float], samples: Int, flops: Double = 1e6, loss: Double = 1) -> FitResult {
        FitResult(
            clientID: id, parameters: parameters, sampleCount: samples, trainLoss: loss, localSteps: 1, flops: flops,
            computeSeconds: 0)
    }

    @Test func theCompletedClientsAreAveragedBySamplesAndTheOthersClassified() throws {
        // Prepare: clients 0 and 1 fast, client 2 computes at 1 FLOP/s (a straggler past the 30 s cut-off),
        // client 3 drops out, client 4's call fails.
        let fast = ClientProfile(device: DeviceProfile(flopsPerSecond: 1e9))
        let slow = ClientProfile(device: DeviceProfile(flopsPerSecond: 1))
        var collection = SiteCollection(
            instructions([fast, fast, slow, fast, fast], samples: [10, 30, 10, 10, 10], cutOff: 30))
        // Execute
        collection.received(.result(result(0, [1, 2], samples: 10, loss: 2)), from: 0)
        collection.received(.result(result(1, [5, 6], samples: 30, loss: 4)), from: 1)
        collection.received(.result(result(2, [100, 100], samples: 10)), from: 2)
        collection.received(.dropped(reason: "gone"), from: 3)
        collection.received(.failed(reason: "boom"), from: 4)
        var compressor = UpdateCompressor()
        let update = try collection.update(compressor: &compressor)
        // Assert: (10·[1,2] + 30·[5,6]) / 40 = [4, 5]; the loss weighted the same way; the straggler left out.
        let combined = try #require(update.combined)
        #expect(combined.parameters == [4, 5])
        #expect(combined.sampleCount == 40)
        #expect(abs(combined.trainLoss - 3.5) < 1e-12)
        #expect(update.bytesUp == 8)
        let outcomes = Dictionary(uniqueKeysWithValues: update.clients.map { ($0.id, $0.outcome) })
        guard case .completed = outcomes[0], case .completed = outcomes[1], case .straggled = outcomes[2] else {
            Issue.record("outcomes: \(outcomes)")
            return
        }
        #expect(outcomes[3] == .dropped)
        #expect(outcomes[4] == .failed(reason: "boom"))
        // It waited for the straggler until its cut-off.
        #expect(update.collectSeconds == 30)
        #expect(update.clients.map(\.bytesDown) == [8, 8, 8, 8, 8])
        #expect(update.clients.map(\.bytesUp) == [8, 8, 8, nil, nil])
    }

    @Test func aClientsCompressedUpdateIsRestoredAndTheSitesUpdateIsCompressedLikeIt() throws {
        let compression = try Compression(stages: [.quantize(bits: 16)], errorFeedback: false)
        var collection = SiteCollection(
            instructions([ClientProfile(), ClientProfile()], samples: [1, 1], cutOff: nil, compression: compression))
        let encoded = UpdateCodec.encode([2, -2], with: compression)
        var answer = result(0, [], samples: 1)
        answer.encodedUpdate = encoded
        collection.received(.result(answer), from: 0)
        collection.received(.result(result(1, [4, 2], samples: 1)), from: 1)
        var compressor = UpdateCompressor()
        let update = try collection.update(compressor: &compressor)
        var combined = try #require(update.combined)
        #expect(combined.parameters.isEmpty)
        #expect(update.bytesUp == combined.encodedUpdate?.contentBytes)
        _ = try FederatedServer.restoreParameters(of: &combined, sentParameters: [0, 0])
        // The mean of [2, -2] and [4, 2], through 16-bit quantization twice.
        #expect(zip(combined.parameters, [3, 0] as [Float]).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test func anAnswerThatFailsTheServersChecksIsAFailureNotAnAverageTerm() throws {
        var collection = SiteCollection(
            instructions([ClientProfile(), ClientProfile()], samples: [5, 5], cutOff: nil))
        // Client 0 reports samples it did not describe; client 1 claims to be client 0.
        collection.received(.result(result(0, [1, 1], samples: 6)), from: 0)
        collection.received(.result(result(0, [1, 1], samples: 5)), from: 1)
        var compressor = UpdateCompressor()
        let update = try collection.update(compressor: &compressor)
        #expect(update.combined == nil)
        #expect(update.bytesUp == 0)
        #expect(
            update.clients.allSatisfy {
                if case .failed = $0.outcome { true } else { false }
            })
    }
}
