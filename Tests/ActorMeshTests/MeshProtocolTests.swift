@testable import ActorMesh
import ActorMeshTesting
import Distributed
import FedActorsTesting
import Foundation
import Synchronization
import Testing

/// A raw in-memory endpoint that records what comes back.
final class RawPeer: Sendable {
    let transport: InMemoryTransport
    let received = Mutex<[[Frame]]>([])
    init(network: InMemoryNetwork) throws {
        transport = InMemoryTransport(name: "raw", network: network)
        try transport.start { [self] event in
            if case .message(let m) = event { self.received.withLock { $0.append(m.frames) } }
        }
    }
    func replies() throws -> [(Envelope, [Frame])] {
        try received.withLock { $0 }.map { frames in
            (try frames[0].withUnsafeBytes { try Envelope(decoding: $0) }, Array(frames.dropFirst()))
        }
    }
}

/// Speaks the wire protocol by hand to a node, the way a broken or hostile peer would.
@Suite struct MeshProtocolTests {
    func callEnvelope(to node: MeshSystem, path: String = "echo", target: String, incarnation: UInt64 = 0) -> Envelope {
        Envelope(
            kind: .call, callID: 1, senderIncarnation: 3, recipientIncarnation: incarnation,
            fingerprint: BuildFingerprint.current, deadlineMillis: 1000, payloadFrames: 1, senderEndpoint: "mem://raw",
            recipientPath: path, actorType: String(reflecting: EchoActor.self), target: target)
    }

    func systemError(_ reply: (Envelope, [Frame])) throws -> MeshError {
        #expect(reply.0.kind == .systemError)
        return try BinaryDecoder().decode(MeshError.self, from: reply.1[0].data)
    }

    @Test func unknownTargetStaleIncarnationAndGarbageAreAnsweredOrDropped() async throws {
        let logs = CapturedLogs()
        let cluster = try TestCluster(.memory, nodes: 1) { _, settings in settings.logger = logs.logger() }
        defer { cluster.shutdown() }
        let node = cluster.systems[0]
        let echo = try node.makeActor(named: "echo") { EchoActor(actorSystem: node) }
        let raw = try RawPeer(network: try #require(cluster.network))
        let argument = Frame(try BinaryEncoder().encode("x"))

        // A target that is not a method of EchoActor.
        var envelope = callEnvelope(to: node, target: "$s4Fake5ThingC4boomyyF")
        try raw.transport.send([Frame(try envelope.encoded()), argument], to: node.endpoint)
        // A call addressed to an earlier incarnation of the node.
        envelope.callID = 2
        envelope.target = "whatever"
        envelope.recipientIncarnation = node.incarnation &+ 1
        try raw.transport.send([Frame(try envelope.encoded()), argument], to: node.endpoint)
        #expect(await eventually { raw.received.withLock { $0.count } >= 2 })
        let replies = try raw.replies().sorted { $0.0.callID < $1.0.callID }
        #expect(replies.count == 2)
        #expect(try systemError(replies[0]).code == .unknownTarget)
        let stale = try systemError(replies[1])
        #expect(stale.code == .staleIncarnation)
        #expect(replies[1].0.senderIncarnation == node.incarnation)

        // Garbage: random bytes and a truncated header in one second of the node's clock, then a
        // header announcing frames that are not there a second later. Each is counted in the fixed
        // malformed row; the warnings are one line per second, the second with the count.
        let clock = try #require(cluster.manualClock)
        func rejected() -> Int { node.ledger.snapshot().total { $0 == .refused(.malformedFrame) }.messages }
        try raw.transport.send([Frame(Data((0..<60).map { UInt8($0) }))], to: node.endpoint)
        try raw.transport.send([Frame(try envelope.encoded().prefix(20))], to: node.endpoint)
        #expect(await eventually { rejected() == 2 })
        clock.advance(by: .seconds(1))
        envelope.payloadFrames = 9
        try raw.transport.send([Frame(try envelope.encoded())], to: node.endpoint)
        #expect(await eventually { rejected() == 3 })
        let rejections = logs.messages(atLeast: .warning, containing: "rejected a message")
        #expect(rejections.count == 2)
        #expect(rejections.first?.contains("magic") == true)
        #expect(rejections.last?.contains("announces 9 payload frame(s)") == true)
        #expect(rejections.last?.contains("(2 messages from ? refused since the last such line") == true)
        #expect(raw.received.withLock { $0.count } == 2)
        let client = try cluster.makeSystem(name: "client")
        defer { client.shutdown() }
        let remote = try EchoActor.resolve(id: echo.id, using: client)
        #expect(try await remote.greet("still here") == "hello, still here")
    }

    /// A one-node memory cluster hosting "echo", a client system and a raw peer on its network, and
    /// the real target identifier of the method `probe` calls once from the client (the identifier is
    /// in the envelope the client sends). Shut down `cluster` and `client`; keep `echo` alive.
    func echoNode(learningTargetOf method: String, probe: (EchoActor) async throws -> Void) async throws
        -> (
            cluster: TestCluster, node: MeshSystem, echo: EchoActor, client: MeshSystem, raw: RawPeer,
            identifier: String
        )
    {
        let cluster = try TestCluster(.memory, nodes: 1)
        let node = cluster.systems[0]
        let echo = try node.makeActor(named: "echo") { EchoActor(actorSystem: node) }
        let raw = try RawPeer(network: try #require(cluster.network))
        let client = try cluster.makeSystem(name: "client")
        try await probe(try EchoActor.resolve(id: echo.id, using: client))
        let identifier = try #require(node.state.withLock { $0.methodNames.first { $0.value == method }?.key })
        return (cluster, node, echo, client, raw, identifier)
    }

    @Test func argumentsThatDoNotDecodeAreADecodeFailure() async throws {
        let (cluster, node, echo, client, raw, identifier) = try await echoNode(learningTargetOf: "greet(_:)") {
            _ = try await $0.greet("probe")
        }
        defer { cluster.shutdown(); client.shutdown(); withExtendedLifetime(echo) {} }

        let envelope = callEnvelope(to: node, target: identifier)
        try raw.transport.send([Frame(try envelope.encoded()), Frame(Data([0xFF, 0xFF, 0xFF]))], to: node.endpoint)
        #expect(await eventually { raw.received.withLock { $0.count } == 1 })
        let error = try systemError(try raw.replies()[0])
        #expect(error.code == .decodeFailure)
        #expect(error.message.contains("String"))
    }

    @Test func aCallWithTheMostOutOfLineFramesAnEnvelopeAllowsIsServed() async throws {
        let (cluster, node, echo, client, raw, identifier) = try await echoNode(learningTargetOf: "echo(_:)") { echo in
            let back = try await echo.echo([1])
            #expect(back == [1])
        }
        defer { cluster.shutdown(); client.shutdown(); withExtendedLifetime(echo) {} }

        // One argument whose array is the last of 65,534 out-of-line frames (the most a UInt16
        // frame count leaves room for): every frame before it is filler the decoder must step past.
        let outOfLineCount = Int(UInt16.max) - 1
        let values: [Float] = [3, -1.5, .infinity, 0]
        let argument = try BinaryEncoder().encode(values, outOfLineFrom: 4, firstIndex: outOfLineCount - 1)
        let envelope = Envelope(
            kind: .call, callID: 1, senderIncarnation: 3, fingerprint: BuildFingerprint.current, deadlineMillis: 10_000,
            payloadFrames: UInt16(1 + outOfLineCount), outOfLineFrames: UInt16(outOfLineCount),
            senderEndpoint: "mem://raw",
            recipientPath: "echo", actorType: String(reflecting: EchoActor.self), target: identifier)
        let filler = [Frame](repeating: Frame(Data([0, 0, 0, 0])), count: outOfLineCount - 1)
        try raw.transport.send(
            [Frame(try envelope.encoded()), Frame(argument.inline)] + filler + argument.outOfLine.map(Frame.init),
            to: node.endpoint)

        #expect(await eventually(within: .seconds(20)) { raw.received.withLock { $0.count } == 1 })
        let (reply, frames) = try #require(try raw.replies().first)
        #expect(reply.kind == .reply)
        #expect(try BinaryDecoder().decode([Float].self, from: frames[0].data) == values)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func droppedRequestsTimeOutAndAreCountedAsDropped(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)
        try a.setFaults(FaultPlan(links: [b.endpoint: LinkFaults(dropProbability: 1)]))
        let call = Task { try await MeshSystem.withDeadline(.milliseconds(200)) { try await remote.greet("lost") } }
        await cluster.passTime(.milliseconds(200))
        await #expect(throws: MeshError.self) { try await call.value }
        #expect(a.ledger.snapshot().total(.dropped).messages == 1)
        #expect(a.transport.statistics.messagesSent == 0)
        #expect(try await echo.callCount() == 0)
    }

    @Test func injectedDelayHoldsTheMessageUntilTheClockMoves() async throws {
        let cluster = try TestCluster(.memory, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let clock = try #require(cluster.manualClock)
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)
        try a.setFaults(FaultPlan(defaultLink: LinkFaults(delay: .seconds(2))))
        let call = Task { try await remote.greet("slow") }
        // Two sleepers: the call's deadline timer and the delayed send.
        #expect(await eventually { clock.sleeperCount == 2 })
        #expect(a.transport.statistics.messagesSent == 0)
        clock.advance(by: .seconds(1))
        #expect(a.transport.statistics.messagesSent == 0)
        clock.advance(by: .seconds(1))
        #expect(try await call.value == "hello, slow")
        #expect(a.transport.statistics.messagesSent == 1)
    }
}
