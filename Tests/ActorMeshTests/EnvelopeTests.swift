@testable import ActorMesh
import Foundation
import Testing

@Suite struct EnvelopeTests {
    let sample = Envelope(
        kind: .call, callID: 77, senderIncarnation: 0xDEAD_BEEF, recipientIncarnation: 5, fingerprint: 99,
        deadlineMillis: 1500, payloadFrames: 2,
        runToken: RunToken(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10),
        senderEndpoint: "tcp://127.0.0.1:5000", recipientPath: "clients/3",
        actorType: "Federation.ClientActor", target: "$s10Federation11ClientActorC3fityyF")

    @Test func roundTrips() throws {
        let bytes = try sample.encoded()
        let back = try bytes.withUnsafeBytes { try Envelope(decoding: $0) }
        #expect(back == sample)
        #expect(
            bytes.count == Envelope.fixedSize + 8 + sample.senderEndpoint.utf8.count + sample.recipientPath.utf8.count
                + sample.actorType.utf8.count + sample.target.utf8.count)
    }

    @Test func theRunTokenTravelsBigEndianAfterTheFixedFieldsAndAnOldVersionIsRefused() throws {
        let bytes = try sample.encoded()
        #expect(Array(bytes[44..<60]) == Array(1...16))
        var noRun = sample
        noRun.runToken = .none
        let plain = try noRun.encoded()
        #expect(Array(plain[44..<60]) == [UInt8](repeating: 0, count: 16))
        #expect(try plain.withUnsafeBytes { try Envelope(decoding: $0) }.runToken == .none)

        // A version-2 envelope (no run token) from an older build: refused as another build, by version.
        var old = bytes
        old[2] = 2
        old.removeSubrange(44..<60)
        #expect(
            throws: MeshError(
                .buildMismatch,
                "envelope version 2, this node speaks version 3: run the same FedActors build on every node")
        ) {
            try old.withUnsafeBytes { try Envelope(decoding: $0) }
        }
    }

    @Test func outOfLineFramesRoundTripAndCannotExceedThePayload() throws {
        var withArrays = sample
        withArrays.payloadFrames = 5
        withArrays.outOfLineFrames = 3
        let bytes = try withArrays.encoded()
        #expect(try bytes.withUnsafeBytes { try Envelope(decoding: $0) } == withArrays)
        var lying = sample
        lying.outOfLineFrames = 3  // more than the 2 payload frames
        let refused = try lying.encoded()
        #expect(
            throws: MeshError(.malformedFrame, "the envelope declares 3 out-of-line frame(s) among 2 payload frame(s)")
        ) {
            try refused.withUnsafeBytes { try Envelope(decoding: $0) }
        }
    }

    @Test func everyTruncationIsRefused() throws {
        let bytes = try sample.encoded()
        for length in 0..<bytes.count {
            let prefix = bytes.prefix(length)
            #expect(throws: MeshError.self) { try prefix.withUnsafeBytes { try Envelope(decoding: $0) } }
        }
    }

    @Test func wrongMagicVersionAndKindAreNamed() throws {
        var bytes = try sample.encoded()
        bytes[0] = 0x00
        #expect(
            throws: MeshError(
                .malformedFrame,
                """
                header does not start with the FedActors magic 'FA' (found 0x0 0x41): the sender is not a FedActors \
                node
                """
            )
        ) {
            try bytes.withUnsafeBytes { try Envelope(decoding: $0) }
        }
        bytes = try sample.encoded()
        bytes[2] = 9
        do {
            _ = try bytes.withUnsafeBytes { try Envelope(decoding: $0) }
            Issue.record("expected a version error")
        } catch let error as MeshError {
            #expect(error.code == .buildMismatch)
            #expect(error.message.contains("version 9"))
        }
        bytes = try sample.encoded()
        bytes[3] = 200
        #expect(throws: MeshError.self) { try bytes.withUnsafeBytes { try Envelope(decoding: $0) } }
    }

    @Test func hugeDeclaredLengthIsRefusedWithoutAllocating() throws {
        var bytes = try sample.encoded()
        // The sender endpoint's length prefix sits right after the fixed part.
        bytes[Envelope.fixedSize] = 0xFF
        bytes[Envelope.fixedSize + 1] = 0xFF
        do {
            _ = try bytes.withUnsafeBytes { try Envelope(decoding: $0) }
            Issue.record("expected malformedFrame")
        } catch let error as MeshError {
            #expect(error.code == .malformedFrame)
            #expect(error.message.contains("65535"))
        }
    }

    @Test func trailingBytesAreRefused() throws {
        var bytes = try sample.encoded()
        bytes.append(1)
        #expect(throws: MeshError.self) { try bytes.withUnsafeBytes { try Envelope(decoding: $0) } }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(seed: 1)
        var refused = 0
        for _ in 0..<5000 {
            let length = Int(rng.next() % 200)
            var bytes = Data((0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            if rng.next() % 2 == 0, length >= 3 { bytes[0] = 0x46; bytes[1] = 0x41; bytes[2] = 1 }
            if (try? bytes.withUnsafeBytes { try Envelope(decoding: $0) }) == nil { refused += 1 }
        }
        #expect(refused == 5000)
    }

    @Test func actorIDsPrintAndParse() throws {
        let id = MeshActorID(node: "tcp://10.0.0.2:7000", path: "clients/12")
        #expect(id.description == "tcp://10.0.0.2:7000/clients/12")
        #expect(try MeshActorID(parsing: id.description) == id)
        #expect(try MeshActorID(parsing: "inproc://n1/server") == MeshActorID(node: "inproc://n1", path: "server"))
        #expect(throws: MeshError.self) { try MeshActorID(parsing: "server") }
        #expect(throws: MeshError.self) { try MeshActorID(parsing: "tcp://host:1/") }
        let json = try JSONEncoder().encode(id)
        #expect(try JSONDecoder().decode(MeshActorID.self, from: json) == id)
    }
}
