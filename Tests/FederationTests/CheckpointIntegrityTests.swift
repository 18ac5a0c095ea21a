import ActorMesh
import Federation
import Foundation
import Testing

/// A checkpoint is checked before it is trusted: its file (length, checksum, format), the settings of
/// the run that wrote it, and the numbers in it.
extension CheckpointTests {
    /// A 1-round run's checkpoint, written to a fresh folder, under `fingerprint`.
    func writtenCheckpoint(fingerprint: RunFingerprint = .empty, in dir: URL) async throws -> URL {
        let url = dir.appendingPathComponent("run.checkpoint")
        let f = try federation()
        defer { f.shutdown() }
        var config = ServerConfig(
            rounds: 1, participation: ParticipationPolicy(fraction: 0.5),
            plan: LocalPlan(batchSize: 10, learningRate: 0.3), seed: 7, checkpointURL: url)
        config.fingerprint = fingerprint
        _ = try await FederatedServer(
            system: f.server, clients: f.clients, strategy: MomentumMean(), initialParameters: [0, 0],
            evaluator: QuadraticTrainer(target: [3, 2]), config: config
        ).run()
        return url
    }

    func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("fedactors-ckpt-\(UUID().uuidString)")
    }

    /// The message of the error `body` throws, or "" if it throws none.
    func refusal(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            return ""
        } catch let error as FederationError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func aTruncatedOrDamagedFileIsRefusedAsSuchWithItsPath() async throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try await writtenCheckpoint(in: dir)
        let intact = try Data(contentsOf: url)
        _ = try ServerCheckpoint.read(from: url)

        try intact.prefix(intact.count - 7).write(to: url)
        let truncated = await refusal { _ = try ServerCheckpoint.read(from: url) }
        #expect(truncated.hasPrefix("\(url.path) is truncated"), "\(truncated)")
        try intact.prefix(10).write(to: url)
        #expect(await refusal { _ = try ServerCheckpoint.read(from: url) }.hasPrefix("\(url.path) is truncated"))

        // One flipped bit anywhere in the body.
        for offset in [40, intact.count / 2, intact.count - 1] {
            var flipped = intact
            flipped[offset] ^= 0x10
            try flipped.write(to: url)
            let corrupt = await refusal { _ = try ServerCheckpoint.read(from: url) }
            #expect(
                corrupt.hasPrefix("\(url.path) is corrupt: its checksum does not match"), "offset \(offset): \(corrupt)"
            )
        }
        var header = intact
        header[0] ^= 0x01
        try header.write(to: url)
        #expect(
            await refusal { _ = try ServerCheckpoint.read(from: url) }
                == "\(url.path) is not a FedActors checkpoint (it does not start with the checkpoint header)")

        try intact.write(to: url)
        #expect(try ServerCheckpoint.read(from: url).completedRounds == 1)
    }

    /// A file of the format before the header (format 1: the encoded checkpoint alone) is refused by its version.
    @Test func anOlderFormatIsRefusedByItsVersion() async throws {
        struct FormatOne: Encodable { var formatVersion = 1, runIdentity = "x", completedRounds = 0 }
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("old.checkpoint")
        try BinaryEncoder().encode(FormatOne()).write(to: url)
        let message = await refusal { _ = try ServerCheckpoint.read(from: url) }
        #expect(
            message.hasPrefix(
                "\(url.path) has checkpoint format 1; this build reads format \(ServerCheckpoint.formatVersion)"),
            "\(message)")
    }

    @Test func aCheckpointOfOtherSettingsIsRefusedNamingTheFirstDifference() async throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = RunFingerprint([
            ("model.name", "2nn"), ("training.learning_rate", "0.05"), ("data.partition.alpha", "0.5"),
        ])
        let url = try await writtenCheckpoint(fingerprint: written, in: dir)
        let checkpoint = try ServerCheckpoint.read(from: url)
        #expect(checkpoint.fingerprint == written)

        func resume(under fingerprint: RunFingerprint) async -> String {
            await refusal {
                let f = try federation()
                defer { f.shutdown() }
                var config = ServerConfig(
                    rounds: 3, participation: ParticipationPolicy(fraction: 0.5),
                    plan: LocalPlan(batchSize: 10, learningRate: 0.3), seed: 7)
                config.fingerprint = fingerprint
                let server = try FederatedServer(
                    system: f.server, clients: f.clients, strategy: MomentumMean(), initialParameters: [0, 0],
                    evaluator: QuadraticTrainer(target: [3, 2]), config: config)
                try await server.resume(from: checkpoint)
            }
        }
        let changed = await resume(
            under: RunFingerprint([
                ("model.name", "2nn"), ("training.learning_rate", "0.1"), ("data.partition.alpha", "0.3"),
            ]))
        #expect(
            changed
                == """
                the checkpoint was written with training.learning_rate 0.05; this run has 0.1: resume with the \
                topology it was written with, or start afresh
                """
        )
        let added = await resume(
            under: RunFingerprint([
                ("model.name", "2nn"), ("training.learning_rate", "0.05"), ("data.partition.alpha", "0.5"),
                ("strategy.mu", "0.01"),
            ]))
        #expect(added.hasPrefix("the checkpoint was written without strategy.mu"), "\(added)")
        #expect(
            await resume(under: .empty).hasPrefix(
                "the checkpoint was written with model.name 2nn; this run has no model.name"))
        #expect(await resume(under: written) == "")
    }

    @Test func nonFiniteOrMisshapenNumbersAreRefusedNamingWhere() async throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try await writtenCheckpoint(in: dir)
        let checkpoint = try ServerCheckpoint.read(from: url)
        let f = try federation()
        defer { f.shutdown() }
        let server = try server(rounds: 3, checkpoint: nil, federation: f)

        // A NaN parameter, even in a file whose checksum is right (written by a broken run).
        var nan = checkpoint
        nan.parameters[1] = .nan
        try nan.write(to: url)
        let refused = await refusal { try await server.resume(from: try ServerCheckpoint.read(from: url)) }
        #expect(refused.hasPrefix("the checkpoint's model is unusable: parameter 1 is NaN"), "\(refused)")

        var velocity = checkpoint
        velocity.strategyState = try BinaryEncoder().encode(MomentumMean(velocity: [0, -.infinity]))
        #expect(
            await refusal { try await server.resume(from: velocity) }.hasPrefix(
                "the checkpoint's strategy state is unusable: MomentumMean.velocity[1] is -infinity"))
        velocity.strategyState = try BinaryEncoder().encode(MomentumMean(velocity: [0, 0, 0]))
        #expect(
            await refusal { try await server.resume(from: velocity) }.hasPrefix(
                "the checkpoint's strategy state is unusable: MomentumMean.velocity has 3 values; the model has 2"))

        var late = LateUpdates()
        late.hold(
            FitResult(
                clientID: 0, parameters: [.nan, 0], sampleCount: 1, trainLoss: 1, localSteps: 1, flops: 1,
                computeSeconds: 0),
            sent: [0, 0], round: 1, arrival: 0)
        var lateNaN = checkpoint
        lateNaN.lateUpdates = late
        #expect(
            await refusal { try await server.resume(from: lateNaN) }.hasPrefix(
                "the checkpoint's late update is unusable: client 0's fit result has non-finite parameters"))
        var loss = checkpoint
        loss.lastLoss[99] = 1
        #expect(
            await refusal { try await server.resume(from: loss) }.contains("client 99, which this run does not have"))

        // After every refusal the server still resumes from the intact checkpoint, and runs.
        try await server.resume(from: checkpoint)
        #expect(try await server.run().rounds.count == 3)
    }
}
