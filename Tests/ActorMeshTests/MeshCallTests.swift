import ActorMesh
import Distributed
import FedActorsTesting
import Foundation
import Testing

/// Calls between systems, run over every transport kind.
@Suite struct MeshCallTests {
    /// 2^20 Floats of random bit patterns (NaNs with payloads among them), starting NaN, −0, +∞.
    func fourMegabytesOfBitPatterns(seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        var values = (0..<1_048_576).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: generator.next())) }
        values[0] = .nan
        values[1] = -0.0
        values[2] = .infinity
        return values
    }

    /// Every ZeroMQ node in a process shares one context, and each peer it dials gets a socket
    /// monitor with an inproc name: those names must never collide, however many nodes come and go
    /// (they once did when a new node's I/O loop reused a freed one's address).
    /// A bind that cannot succeed says why and what to do: an address no interface has (10.255.255.1
    /// is not this machine's; nothing is sent), and a port another socket holds (after the second's
    /// retries for the port to be released).
    @Test func aFailedBindSaysWhatToDo() throws {
        /// Starting a transport at `endpoint` fails to bind, saying `advice`.
        func expectRefused(_ endpoint: String, saying advice: String, sourceLocation: SourceLocation = #_sourceLocation)
            throws
        {
            let transport = try ZeroMQTransport(bind: endpoint)
            do {
                try transport.start { _ in }
                transport.shutdown()
                Issue.record("binding \(endpoint) succeeded", sourceLocation: sourceLocation)
            } catch let error as TransportError {
                #expect(error.code == .bindFailed, sourceLocation: sourceLocation)
                #expect(error.message.contains(advice), "\(error.message)", sourceLocation: sourceLocation)
            }
        }
        try expectRefused("tcp://10.255.255.1:0", saying: "no interface of this machine has that address")
        let first = try ZeroMQTransport(bind: "tcp://127.0.0.1:0")
        try first.start { _ in }
        defer { first.shutdown() }
        try expectRefused(first.endpoint, saying: "another socket listens there; choose another port, or port 0")
    }

    @Test func nodesComingAndGoingInOneProcessCanAllDialOut() async throws {
        let server = try TestCluster(.tcp, nodes: 1)
        defer { server.shutdown() }
        let b = server.systems[0]
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        for i in 0..<20 {
            let caller = try TestCluster(.tcp, nodes: 1)
            defer { caller.shutdown() }
            let remote = try EchoActor.resolve(id: echo.id, using: caller.systems[0])
            let answer = try await MeshSystem.withDeadline(.seconds(10)) { try await remote.greet("caller \(i)") }
            #expect(answer == "hello, caller \(i)")
        }
        #expect(try await echo.callCount() == 20)
    }

    /// A DEALER's socket monitor reports to a PAIR socket, and libzmq's I/O thread sends those reports
    /// blocking: if our end of the PAIR closes while the DEALER can still report (its peer dropping at
    /// the same moment), that thread waits forever and every TCP connection in the process's shared
    /// context stalls. Pairs of nodes that shut down together, over and over, must leave TCP working.
    @Test func nodesShuttingDownTogetherLeaveTCPWorking() async throws {
        for round in 0..<40 {
            let pair = try TestCluster(.tcp, nodes: 2)
            let (a, b) = (pair.systems[0], pair.systems[1])
            let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
            let remote = try EchoActor.resolve(id: echo.id, using: a)
            _ = try await MeshSystem.withDeadline(.seconds(10)) { try await remote.greet("round \(round)") }
            // Both ends go at once: b's close drops a's connection while a is closing its sockets.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { b.shutdown() }
                group.addTask { a.shutdown() }
            }
        }
        let fresh = try TestCluster(.tcp, nodes: 2)
        defer { fresh.shutdown() }
        let echo = try fresh.systems[1].makeActor(named: "echo") { EchoActor(actorSystem: fresh.systems[1]) }
        let remote = try EchoActor.resolve(id: echo.id, using: fresh.systems[0])
        #expect(try await MeshSystem.withDeadline(.seconds(10)) { try await remote.greet("after") } == "hello, after")
    }

    /// The ledger counts a message when it is handed to the transport, before the peer can answer;
    /// one the transport refuses (here: an address that is no ZeroMQ endpoint) is taken out again,
    /// and the call fails with the transport's reason.
    @Test func aMessageTheTransportRefusesLeavesNoTraceInTheLedger() async throws {
        let cluster = try TestCluster(.tcp, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let nowhere = try EchoActor.resolve(id: MeshActorID(node: "udp://127.0.0.1:9", path: "echo"), using: a)
        await #expect(throws: MeshError.self) {
            try await MeshSystem.withDeadline(.seconds(5)) { try await nowhere.greet("lost") }
        }
        #expect(a.ledger.snapshot().rows.isEmpty)
        #expect(try await EchoActor.resolve(id: echo.id, using: a).greet("found") == "hello, found")
        let sent = a.ledger.snapshot().total { $0.direction == .sent }
        #expect(sent.messages == 1 && sent.totalBytes == a.transport.statistics.bytesSent)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func callAcrossTwoSystems(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)

        #expect(try await remote.greet("mesh") == "hello, mesh")
        #expect(try await remote.sum([1, 2, 3.5]) == 6.5)
        #expect(try await remote.callCount() == 2)

        let sent = a.ledger.snapshot().total { $0.direction == .sent && $0.method == "greet(_:)" }
        #expect(sent.messages == 1)
        let served = b.ledger.snapshot().total {
            $0.direction == .received && $0.method == "greet(_:)" && $0.kind == .request
        }
        #expect(served.messages == 1)
        #expect(served.totalBytes == sent.totalBytes)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func fourMegabyteFloatsRoundTripBitExact(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)

        let values = fourMegabytesOfBitPatterns(seed: 7)
        let back = try await remote.echo(values)
        #expect(back.count == values.count)
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))

        // Weights travel as raw floats: the request's payload is the 4 MB plus a few bytes of framing.
        let request = a.ledger.snapshot().total { $0.direction == .sent && $0.method == "echo(_:)" }
        #expect(request.payloadBytes >= 4 * values.count)
        #expect(Double(request.totalBytes) <= 1.05 * Double(4 * values.count))
        // The array went in an out-of-line frame of its own (header, argument, array), both ways.
        #expect(request.frames == 3)
        let reply = a.ledger.snapshot().total { $0.direction == .received && $0.method == "echo(_:)" }
        #expect(reply.frames == 3 && reply.payloadBytes >= 4 * values.count)
        // Small arrays stay inline: one frame for the argument.
        #expect(try await remote.echo([1, 2, 3]) == [1, 2, 3])
        let small = a.ledger.snapshot().total { $0.direction == .sent && $0.method == "echo(_:)" }
        #expect(small.frames - request.frames == 2)
        // Data takes the same path.
        let blob = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        #expect(try await remote.echoData(blob) == blob)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func floatPayloadsAreReadInPlaceAndCostTheWireBytesOfAnArray(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)

        let values = fourMegabytesOfBitPatterns(seed: 11)
        let sent = FloatPayload(values)
        #expect(!sent.isBorrowingReceivedFrame)

        // Both ends read the 4 MB where it arrived (BinaryCodecTests checks that sending a borrowed
        // payload on reuses its received bytes).
        #expect(try await remote.borrows(sent))
        let back = try await remote.echoPayload(sent)
        #expect(back.isBorrowingReceivedFrame)
        #expect(back.count == values.count)
        #expect(back.withUnsafeBufferPointer { $0.map(\.bitPattern) } == values.map(\.bitPattern))
        #expect(back[2].bitPattern == values[2].bitPattern && back.array.map(\.bitPattern) == values.map(\.bitPattern))

        // On the wire it is a [Float]: the same frames and bytes as echo(_:) of the same values.
        _ = try await remote.echo(values)
        let ledger = a.ledger.snapshot()
        let payloadRequest = ledger.total { $0.direction == .sent && $0.method == "echoPayload(_:)" }
        let arrayRequest = ledger.total { $0.direction == .sent && $0.method == "echo(_:)" }
        #expect(payloadRequest.frames == 3 && payloadRequest.frames == arrayRequest.frames)
        #expect(payloadRequest.payloadBytes == arrayRequest.payloadBytes)
        let payloadReply = ledger.total { $0.direction == .received && $0.method == "echoPayload(_:)" }
        let arrayReply = ledger.total { $0.direction == .received && $0.method == "echo(_:)" }
        #expect(payloadReply.payloadBytes == arrayReply.payloadBytes && payloadReply.frames == 3)

        // A payload kept past its call keeps its frame: it is intact after more 4 MB traffic.
        try await remote.keep(sent)
        for round in 0..<3 {
            let other = FloatPayload([Float](repeating: Float(round), count: values.count))
            #expect(try await remote.echoPayload(other) == other)
        }
        let kept = try await remote.kept()
        #expect(kept.withUnsafeBufferPointer { $0.map(\.bitPattern) } == values.map(\.bitPattern))

        // Small payloads travel inline and arrive as arrays.
        let small = FloatPayload([1, 2, 3.5])
        #expect(try await remote.borrows(small) == false)
        let smallBack = try await remote.echoPayload(small)
        #expect(smallBack == small && !smallBack.isBorrowingReceivedFrame)
        #expect(try await remote.echoPayload(FloatPayload([])).isEmpty)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func remoteErrorsArriveAsThemselvesOrByName(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)

        RemoteErrorTypes.register(ProbeError.self)
        await #expect(throws: ProbeError(reason: "asked to fail", code: 42)) { try await remote.fail(codable: true) }
        do {
            try await remote.fail(codable: false)
            Issue.record("expected an error")
        } catch let error as RemoteCallError {
            #expect(error.typeName.hasSuffix("OpaqueProbeError"))
            #expect(error.message == "opaque failure: asked to fail opaquely")
        }
        // The actor keeps serving after throwing.
        #expect(try await remote.greet("again") == "hello, again")
    }

    @Test(arguments: MeshTransportKind.allCases)
    func unknownActorIsATypedError(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        defer { withExtendedLifetime(echo) {} }
        let ghost = try EchoActor.resolve(id: MeshActorID(node: b.endpoint, path: "nobody"), using: a)
        do {
            _ = try await ghost.greet("anyone")
            Issue.record("expected unknownActor")
        } catch let error as MeshError {
            #expect(error.code == .unknownActor)
            #expect(error.message.contains("nobody"))
            #expect(error.message.contains("echo"))  // says what the node does host
        }
    }

    @Test(arguments: MeshTransportKind.allCases)
    func actorReferencesTravelAsArguments(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 3)
        defer { cluster.shutdown() }
        let (a, b, c) = (cluster.systems[0], cluster.systems[1], cluster.systems[2])
        let relay = try b.makeActor(named: "relay") { EchoActor(actorSystem: b) }
        let target = try c.makeActor(named: "target") { EchoActor(actorSystem: c) }
        let remoteRelay = try EchoActor.resolve(id: relay.id, using: a)
        let remoteTarget = try EchoActor.resolve(id: target.id, using: a)
        #expect(try await remoteRelay.relayGreeting(via: remoteTarget, name: "c") == "hello, c")
        #expect(try await target.callCount() == 1)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func deadlineAgainstADeadPeer(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 1)
        defer { cluster.shutdown() }
        let a = cluster.systems[0]
        let ghost = try EchoActor.resolve(id: MeshActorID(node: cluster.deadEndpoint, path: "echo"), using: a)
        let started = ContinuousClock.now
        let call = Task {
            try await MeshSystem.withDeadline(.milliseconds(300)) { try await ghost.greet("anyone") }
        }
        await cluster.passTime(.milliseconds(300))
        do {
            _ = try await call.value
            Issue.record("expected the call to fail")
        } catch let error as MeshError {
            // Over tcp the port refuses the connection, and the call fails on that before its
            // deadline; an inproc:// or in-memory endpoint nobody binds just keeps the message.
            #expect(error.code == (kind == .tcp ? .connectionRefused : .deadlineExceeded))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(a.pendingCallCount == 0)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func shutdownFailsInFlightCalls(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)
        let call = Task { try await remote.nap(milliseconds: 10_000) }
        #expect(await eventually { a.pendingCallCount == 1 })
        a.shutdown()
        do {
            _ = try await call.value
            Issue.record("expected shutDown")
        } catch let error as MeshError {
            #expect(error.code == .shutDown)
        }
        await #expect(throws: MeshError.self) { try await remote.greet("late") }
    }

    @Test(arguments: MeshTransportKind.allCases)
    func cancellationEndsTheCall(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)
        let call = Task { try await remote.nap(milliseconds: 10_000) }
        #expect(await eventually { a.pendingCallCount == 1 })
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(a.pendingCallCount == 0)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func anotherBuildIsRefused(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2) { i, settings in
            if i == 1 { settings.buildFingerprint = BuildFingerprint.of("some other build") }
        }
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)
        do {
            _ = try await remote.greet("x")
            Issue.record("expected buildMismatch")
        } catch let error as MeshError {
            #expect(error.code == .buildMismatch)
        }
        #expect(try await echo.callCount() == 0)
    }

    @Test(arguments: MeshTransportKind.allCases)
    func survivesAPeerRestart(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let id = echo.id
        let remote = try EchoActor.resolve(id: id, using: a)
        #expect(try await remote.greet("before") == "hello, before")

        b.shutdown()
        let restarted = try cluster.restart(b)
        defer { restarted.shutdown() }
        #expect(restarted.endpoint == id.node)
        #expect(restarted.incarnation != b.incarnation)
        let echo2 = try restarted.makeActor(named: "echo") { EchoActor(actorSystem: restarted) }

        // The first call carries the old incarnation, is refused as stale, and is resent once. Over
        // ZeroMQ there is one other outcome: the call left on the old connection just before this
        // side saw it drop, and was lost with it. That must fail at once as connectionLost (not hang
        // until the deadline), and the next call must get through.
        do {
            #expect(
                try await MeshSystem.withDeadline(.seconds(10)) { try await remote.greet("after") } == "hello, after")
        } catch let error as MeshError where kind != .memory && error.code == .connectionLost {
            #expect(
                try await MeshSystem.withDeadline(.seconds(10)) { try await remote.greet("after") } == "hello, after")
        }
        #expect(try await echo2.callCount() == 1)
    }

    /// A node restarted again and again at one inproc:// name, each time called at once: libzmq
    /// says nothing of inproc:// connections, so the caller must not write into the old node's
    /// dying pipe (the call would be lost until its deadline). Every first call gets through.
    @Test func inProcessRestartsNeverSwallowTheFirstCall() async throws {
        let cluster = try TestCluster(.inproc, nodes: 2)
        defer { cluster.shutdown() }
        let a = cluster.systems[0]
        var node = cluster.systems[1]
        let echo = try node.makeActor(named: "echo") { EchoActor(actorSystem: node) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)
        #expect(try await remote.greet("start") == "hello, start")
        for i in 0..<30 {
            let restarted = try cluster.restart(node)
            node = restarted
            let again = try restarted.makeActor(named: "echo") { EchoActor(actorSystem: restarted) }
            let answer = try await MeshSystem.withDeadline(.seconds(10)) { try await remote.greet("after \(i)") }
            #expect(answer == "hello, after \(i)")
            #expect(try await again.callCount() == 1)
        }
        node.shutdown()
    }

    @Test(arguments: MeshTransportKind.allCases)
    func ledgerEqualsWhatCrossedTheTransport(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 2)
        defer { cluster.shutdown() }
        let (a, b) = (cluster.systems[0], cluster.systems[1])
        let echo = try b.makeActor(named: "echo") { EchoActor(actorSystem: b) }
        let remote = try EchoActor.resolve(id: echo.id, using: a)
        for i in 0..<5 { _ = try await remote.echo([Float](repeating: Float(i), count: 1000 * (i + 1))) }
        _ = try? await remote.fail(codable: true)
        _ = try await remote.greet("ledger")

        for system in [a, b] {
            // The transport counts a frame once its send call returns on the I/O thread, which can be
            // just after the peer already received it (inproc): wait until both sides are quiet.
            _ = await eventually {
                system.ledger.snapshot().total(.sent).messages == system.transport.statistics.messagesSent
            }
            let report = system.ledger.snapshot()
            let stats = system.transport.statistics
            #expect(report.total(.sent).totalBytes == stats.bytesSent)
            #expect(report.total(.sent).messages == stats.messagesSent)
            #expect(report.total(.sent).frames == stats.framesSent)
            let inbound = report.total { $0.direction == .received || $0.direction == .rejected }
            #expect(inbound.totalBytes == stats.bytesReceived)
            #expect(inbound.messages == stats.messagesReceived)
        }
        #expect(a.ledger.snapshot().total(.sent).messages == 7)
        #expect(b.ledger.snapshot().total(.received).messages == 7)
        let json = try a.ledger.snapshot().jsonData()
        let decoded = try JSONDecoder().decode(TrafficReport.self, from: json)
        #expect(decoded == a.ledger.snapshot())
    }
}
