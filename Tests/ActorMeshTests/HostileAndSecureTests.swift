@testable import ActorMesh
import Distributed
import FedActorsTesting
import Foundation
import Synchronization
import Testing
import ZeroMQ

/// Set by the test to end a peer thread early.
final class StopFlag: Sendable {
    let raised = Atomic<Bool>(false)
}

/// Garbage from a raw ZeroMQ socket, and CurveZMQ allow-lists, against real node processes and systems.
@Suite(.serialized) struct HostileAndSecureTests {
    @Test func aNodeRejectsMalformedFramesAndKeepsServing() async throws {
        let node = try await Executables.launchTestNode()
        defer { node.terminate() }
        let system = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        defer { system.shutdown() }
        let echo = try EchoActor.resolve(id: MeshActorID(node: node.endpoint, path: "echo"), using: system)
        #expect(try await echo.greet("before") == "hello, before")

        // A raw DEALER speaks nonsense to the node's ROUTER.
        let raw = try ZMQSocket(.shared, .dealer)
        try raw.setLinger(0)
        defer { raw.close() }
        try raw.connect(node.endpoint)
        let valid = try Envelope(
            kind: .call, callID: 1, senderIncarnation: 1, fingerprint: BuildFingerprint.current, payloadFrames: 1,
            senderEndpoint: "tcp://raw", recipientPath: "echo", actorType: String(reflecting: EchoActor.self),
            target: "x"
        ).encoded()
        var wrongVersion = valid
        wrongVersion[2] = 99
        var hugeLength = valid
        hugeLength[Envelope.fixedSize] = 0xFF
        hugeLength[Envelope.fixedSize + 1] = 0xFF
        var generator = SplitMix64(seed: 99)
        let garbage: [[[UInt8]]] = [
            [(0..<64).map { _ in UInt8(truncatingIfNeeded: generator.next()) }],  // random bytes
            [Array(valid.prefix(30))],  // truncated header
            [Array(wrongVersion), [1]],  // wrong version
            [Array(hugeLength), [1]],  // huge declared length
            [Array(valid), [0xFF, 0xFF], [1, 2, 3]],  // more frames than announced
            [[]],  // an empty frame
        ]
        for message in garbage { try raw.send(bytes: message, dontWait: false) }

        // The node counted every one as rejected (its ledger says so) and still answers.
        let service = try NodeService.at(node.endpoint, using: system)
        #expect(
            await eventually(within: .seconds(5)) {
                (try? await service.ledger().total(.rejected).messages) == garbage.count
            })
        #expect(try await echo.greet("after") == "hello, after")
    }

    /// A `Codable` error no module registered: it must not be rebuilt from a peer's say-so.
    struct UnlistedError: Error, Codable { var detail: String }

    @Test func aPeersRemoteErrorIsRebuiltOnlyAsARegisteredType() async throws {
        // A raw ROUTER plays the peer and answers each call with a remote error naming a type: a
        // malformed mangled name (which the Swift runtime's name lookup crashes on), a real but
        // unregistered Codable error, and a registered one.
        RemoteErrorTypes.register(ProbeError.self)
        // nonisolated(unsafe): sockets are not Sendable; the peer thread below is its only user until
        // the test has waited for that thread to end.
        nonisolated(unsafe) let router = try ZMQSocket(.shared, .router)
        try router.setLinger(0)
        try router.bind("tcp://127.0.0.1:0")
        let endpoint = router.lastEndpoint
        let answers: [RemoteErrorPayload] = [
            RemoteErrorPayload(typeName: "x", mangledTypeName: "$", message: "malformed name", encoded: [0]),
            RemoteErrorPayload(
                typeName: "UnlistedError", mangledTypeName: _mangledTypeName(UnlistedError.self),
                message: "unlisted", encoded: Array(try BinaryEncoder().encode(UnlistedError(detail: "d")))),
            RemoteErrorPayload(
                typeName: "ProbeError", mangledTypeName: _mangledTypeName(ProbeError.self),
                message: "listed", encoded: Array(try BinaryEncoder().encode(ProbeError(reason: "r", code: 7)))),
        ]
        // The peer thread owns the socket until it ends; every exit from the test stops it, waits
        // for it, and only then closes the socket (ZeroMQ sockets are not shared between threads).
        let stop = StopFlag()
        let ended = DispatchSemaphore(value: 0)
        defer {
            stop.raised.store(true, ordering: .relaxed)
            ended.wait()
            router.close()
        }
        let peer = Thread {
            defer { ended.signal() }
            var answered = 0
            let giveUp = Date().addingTimeInterval(30)
            while answered < answers.count, Date() < giveUp, !stop.raised.load(ordering: .relaxed) {
                guard let parts = try? router.receive(dontWait: true), parts.count >= 2 else {
                    Thread.sleep(forTimeInterval: 0.002)
                    continue
                }
                let frames = parts.map { $0.withBytes { Array($0) } }
                guard let call = try? frames[1].withUnsafeBytes({ try Envelope(decoding: $0) }),
                    let payload = try? BinaryEncoder().encode(answers[answered]),
                    let reply = try? Envelope(
                        kind: .remoteError, callID: call.callID, senderIncarnation: 1,
                        recipientIncarnation: call.senderIncarnation,
                        fingerprint: call.fingerprint, payloadFrames: 1, senderEndpoint: endpoint
                    ).encoded()
                else { continue }
                try? router.send(bytes: [frames[0], Array(reply), Array(payload)], dontWait: false)
                answered += 1
            }
        }
        peer.start()
        let system = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        defer { system.shutdown() }
        let echo = try EchoActor.resolve(id: MeshActorID(node: endpoint, path: "echo"), using: system)

        for expected in ["malformed name", "unlisted"] {
            do {
                try await echo.fail(codable: true)
                Issue.record("expected an error")
            } catch let error as RemoteCallError {
                #expect(error.message == expected)
            }
        }
        await #expect(throws: ProbeError(reason: "r", code: 7)) { try await echo.fail(codable: true) }
    }

    @Test func curveAllowsListedKeysAndRefusesOthersQuickly() async throws {
        let serverKeys = try CurveKeyPair.generate(), friend = try CurveKeyPair.generate(),
            stranger = try CurveKeyPair.generate()
        let server = try MeshSystem(
            transport: try ZeroMQTransport(
                bind: "tcp://127.0.0.1:0",
                security: ZeroMQSecurity(secretKey: serverKeys.secretKey, allowedClientKeys: [friend.publicKey])))
        defer { server.shutdown() }
        let echo = try server.makeActor(named: "echo") { EchoActor(actorSystem: server) }

        let allowed = try MeshSystem(
            transport: try ZeroMQTransport(
                bind: "tcp://127.0.0.1:0",
                security: ZeroMQSecurity(secretKey: friend.secretKey, defaultServerKey: serverKeys.publicKey)))
        defer { allowed.shutdown() }
        #expect(try await EchoActor.resolve(id: echo.id, using: allowed).greet("friend") == "hello, friend")

        let refused = try MeshSystem(
            transport: try ZeroMQTransport(
                bind: "tcp://127.0.0.1:0",
                security: ZeroMQSecurity(secretKey: stranger.secretKey, defaultServerKey: serverKeys.publicKey)))
        defer { refused.shutdown() }
        let started = ContinuousClock.now
        do {
            _ = try await MeshSystem.withDeadline(.seconds(20)) {
                try await EchoActor.resolve(id: echo.id, using: refused).greet("stranger")
            }
            Issue.record("a stranger's call went through")
        } catch let error as MeshError {
            #expect(error.code == .transport)
            #expect(error.message.contains("refused this node's CURVE public key"))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try await echo.callCount() == 1)
    }

    @Test func plaintextClientsCannotTalkToACurveNode() async throws {
        let serverKeys = try CurveKeyPair.generate()
        let server = try MeshSystem(
            transport: try ZeroMQTransport(
                bind: "tcp://127.0.0.1:0", security: ZeroMQSecurity(secretKey: serverKeys.secretKey)))
        defer { server.shutdown() }
        let echo = try server.makeActor(named: "echo") { EchoActor(actorSystem: server) }
        let plain = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        defer { plain.shutdown() }
        await #expect(throws: MeshError.self) {
            try await MeshSystem.withDeadline(.seconds(1)) {
                try await EchoActor.resolve(id: echo.id, using: plain).greet("plain")
            }
        }
        #expect(try await echo.callCount() == 0)
    }

    @Test func zapDecisionFollowsTheAllowList() throws {
        let key = try CurveKeyPair.generate()
        let request: [[UInt8]] = [
            Array("1.0".utf8), [9], Array("fedactors".utf8), Array("127.0.0.1".utf8), [], Array("CURVE".utf8),
            try Z85.decodeKey(key.publicKey),
        ]
        #expect(ZAPDecision.reply(to: request, allowed: [key.publicKey]).accepted)
        #expect(ZAPDecision.reply(to: request, allowed: nil).accepted)
        let no = ZAPDecision.reply(to: request, allowed: [])
        #expect(!no.accepted)
        #expect(no.reply[2] == Array("400".utf8))
        #expect(no.reply[1] == [9])
        #expect(!ZAPDecision.reply(to: [[1]], allowed: nil).accepted)
        var plain = request
        plain[5] = Array("NULL".utf8)
        #expect(!ZAPDecision.reply(to: plain, allowed: nil).accepted)
    }
}
