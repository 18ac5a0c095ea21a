@testable import ActorMesh
import FedActorsTesting
import Foundation
import Synchronization
import Testing

/// Runs as a boundary inside one process: which calls a node with a run identity serves, who may
/// control it, and that refused traffic takes a bounded number of ledger rows.
@Suite struct RunIsolationTests {
    let token = RunToken.random()

    func member(_ token: RunToken?) -> (Int, inout MeshSettings) -> Void {
        { _, settings in settings.runToken = token }
    }

    func code(of call: () async throws -> some Any) async -> MeshError.Code? {
        do {
            _ = try await call()
            return nil
        } catch let error as MeshError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test(arguments: [MeshTransportKind.memory, .tcp])
    func aNodeServesItsRunAndTakesControlOnlyFromItsCoordinator(kind: MeshTransportKind) async throws {
        let cluster = try TestCluster(kind, nodes: 1, configure: member(token))
        defer { cluster.shutdown() }
        let node = cluster.systems[0]
        let stops = Atomic<Int>(0)
        let service = try node.makeActor(named: NodeService.path) {
            NodeService(actorSystem: node) { stops.add(1, ordering: .relaxed) }
        }
        let echo = try node.makeActor(named: "echo") { EchoActor(actorSystem: node) }
        defer { withExtendedLifetime((service, echo)) {} }

        var settings = MeshSettings()
        settings.runToken = token
        let coordinator = try cluster.makeSystem(name: "coordinator", settings: settings)
        let member = try cluster.makeSystem(name: "member", settings: settings)
        let stranger = try cluster.makeSystem(name: "stranger")
        var otherRun = MeshSettings()
        otherRun.runToken = RunToken.random()
        let foreign = try cluster.makeSystem(name: "foreign", settings: otherRun)
        defer { for s in [coordinator, member, stranger, foreign] { s.shutdown() } }

        // The first control call with the run's token makes its sender the coordinator.
        let info = try await NodeService.at(node.endpoint, using: coordinator).info()
        #expect(info.incarnation == node.incarnation)
        // A member of the run that is not the coordinator may call ordinary actors, not control ones.
        #expect(try await EchoActor.resolve(id: echo.id, using: member).greet("member") == "hello, member")
        #expect(await code { try await NodeService.at(node.endpoint, using: member).stop() } == .notCoordinator)
        // Without the token, or with another run's, nothing is served.
        #expect(await code { try await NodeService.at(node.endpoint, using: stranger).stop() } == .foreignRun)
        #expect(await code { try await EchoActor.resolve(id: echo.id, using: foreign).greet("x") } == .foreignRun)
        #expect(
            await code { try await NodeService.at(node.endpoint, using: foreign).download(count: 1 << 28) }
                == .foreignRun)
        #expect(stops.load(ordering: .relaxed) == 0)

        // The refusals sit in the fixed rows of their codes; the node's token is on its replies.
        let ledger = node.ledger.snapshot()
        #expect(ledger.total { $0 == .refused(.notCoordinator) }.messages == 1)
        #expect(ledger.total { $0 == .refused(.foreignRun) }.messages == 3)
        #expect(node.runToken == token)
        // The coordinator still controls the node.
        try await NodeService.at(node.endpoint, using: coordinator).stop()
        #expect(await eventually { stops.load(ordering: .relaxed) == 1 })
    }

    @Test func anOpenNodeIsClaimedForOneRunAndReleasedByItsCoordinator() async throws {
        let cluster = try TestCluster(.memory, nodes: 1)
        defer { cluster.shutdown() }
        let node = cluster.systems[0]
        let service = try node.makeActor(named: NodeService.path) { NodeService(actorSystem: node) }
        defer { withExtendedLifetime(service) {} }
        let plain = try cluster.makeSystem(name: "plain")
        var first = MeshSettings(), second = MeshSettings()
        first.runToken = RunToken.random()
        second.runToken = RunToken.random()
        let runA = try cluster.makeSystem(name: "a", settings: first)
        let runB = try cluster.makeSystem(name: "b", settings: second)
        defer { for s in [plain, runA, runB] { s.shutdown() } }

        // Open: calls without a run are served as ever, and do not claim it.
        _ = try await NodeService.at(node.endpoint, using: plain).echo([1, 2])
        #expect(node.runToken == .none)
        // Run A claims it: the ledger starts afresh, with A's traffic only.
        _ = try await NodeService.at(node.endpoint, using: runA).info()
        #expect(node.runToken == first.runToken)
        #expect(node.ledger.snapshot().rows.allSatisfy { $0.key.peer != plain.endpoint })
        #expect(await code { try await NodeService.at(node.endpoint, using: runB).info() } == .foreignRun)
        #expect(await code { try await NodeService.at(node.endpoint, using: plain).info() } == .foreignRun)
        // A's coordinator releases it; B may claim it next.
        #expect(try await NodeService.at(node.endpoint, using: runA).release())
        #expect(node.runToken == .none)
        _ = try await NodeService.at(node.endpoint, using: runB).info()
        #expect(node.runToken == second.runToken)
    }

    @Test func downloadsPast64MiBAreRefused() async throws {
        let cluster = try TestCluster(.memory, nodes: 2)
        defer { cluster.shutdown() }
        let service = try cluster.systems[1].makeActor(named: NodeService.path) {
            NodeService(actorSystem: cluster.systems[1])
        }
        defer { withExtendedLifetime(service) {} }
        let remote = try NodeService.at(cluster.systems[1].endpoint, using: cluster.systems[0])
        #expect(try await remote.download(count: 1000).count == 1000)
        do {
            _ = try await remote.download(count: NodeService.maxDownloadFloats + 1)
            Issue.record("expected a refusal")
        } catch let error as MeshError {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("64 MiB"))
        }
    }

    /// Thousands of hostile calls with 60 KB sender names, to actors that exist and do not, from
    /// outside the run and from inside it: the ledger keeps a handful of short rows.
    @Test func hostileCallsTakeABoundedNumberOfShortLedgerRows() async throws {
        let cluster = try TestCluster(.memory, nodes: 1, configure: member(token))
        defer { cluster.shutdown() }
        let node = cluster.systems[0]
        let service = try node.makeActor(named: NodeService.path) { NodeService(actorSystem: node) }
        let echo = try node.makeActor(named: "echo") { EchoActor(actorSystem: node) }
        defer { withExtendedLifetime((service, echo)) {} }
        let raw = try RawPeer(network: try #require(cluster.network))
        let argument = Frame(try BinaryEncoder().encode("x"))

        let calls = 2000
        for i in 0..<calls {
            let sender = "mem://" + String(repeating: "x", count: 60_000) + "\(i)"
            let (path, runToken, actorType) = [
                ("node", RunToken.none, String(reflecting: NodeService.self)),
                ("nobody/\(i)", token, "Made.Up\(i)"),
                ("echo", token, String(reflecting: EchoActor.self)),
                ("echo", RunToken.random(), String(reflecting: EchoActor.self)),
            ][i % 4]
            let envelope = Envelope(
                kind: .call, callID: UInt64(i + 1), senderIncarnation: UInt64(1000 + i),
                fingerprint: BuildFingerprint.current,
                deadlineMillis: 1000, payloadFrames: 1, runToken: runToken, senderEndpoint: sender, recipientPath: path,
                actorType: actorType, target: "$s\(i)made_up")
            try raw.transport.send([Frame(try envelope.encoded()), argument], to: node.endpoint)
        }
        #expect(await eventually(within: .seconds(30)) { raw.received.withLock { $0.count } == calls })
        let rows = node.ledger.snapshot().rows
        #expect(rows.count <= 8)
        #expect(rows.allSatisfy { $0.key.peer.utf8.count <= PeerName.maxBytes + 20 && $0.key.method.utf8.count < 64 })
        #expect(node.ledger.snapshot().total(.rejected).messages == calls)
        #expect(node.state.withLock { $0.refusalLog.entries.count } <= RefusalLog().maxPeers + 1)
        #expect(node.state.withLock { $0.methodNames.count } < 10)

        // A run member's accepted call keeps its own row, its long name cut and hashed.
        var settings = MeshSettings()
        settings.runToken = token
        settings.advertisedEndpoint = "mem://" + String(repeating: "y", count: 60_000)
        let longName = try cluster.makeSystem(name: "long", settings: settings)
        defer { longName.shutdown() }
        #expect(try await EchoActor.resolve(id: echo.id, using: longName).greet("ok") == "hello, ok")
        let accepted = try #require(node.ledger.snapshot().rows.first { $0.key.direction == .received })
        #expect(accepted.key.peer == PeerName.capped(settings.advertisedEndpoint ?? ""))
        #expect(accepted.key.peer.utf8.count <= PeerName.maxBytes + 20)
    }

    @Test func longPeerNamesAreCutOnACharacterAndStayDistinct() {
        #expect(PeerName.capped("tcp://127.0.0.1:7000") == "tcp://127.0.0.1:7000")
        let a = PeerName.capped(String(repeating: "é", count: 300) + "a")
        let b = PeerName.capped(String(repeating: "é", count: 300) + "b")
        #expect(a != b)
        #expect(a.utf8.count <= PeerName.maxBytes + 20)
        #expect(a.hasPrefix(String(repeating: "é", count: 128) + "…#"))
    }

    /// Which binds `fedactors node` warns about when they have no CURVE.
    @Test func onlyLoopbackAndLocalEndpointsCountAsUnreachableFromTheNetwork() {
        for local in [
            "tcp://127.0.0.1:0", "tcp://127.3.2.1:7000", "tcp://localhost:7000", "tcp://[::1]:7000", "inproc://n",
            "ipc:///tmp/n",
        ] {
            #expect(ZeroMQTransport.isLoopbackOnly(local), "\(local)")
        }
        for exposed in [
            "tcp://0.0.0.0:7000", "tcp://*:7000", "tcp://10.0.0.2:7000", "tcp://[::]:7000", "tcp://eth0:7000",
            "tcp://128.0.0.1:1",
        ] {
            #expect(!ZeroMQTransport.isLoopbackOnly(exposed), "\(exposed)")
        }
    }
}
