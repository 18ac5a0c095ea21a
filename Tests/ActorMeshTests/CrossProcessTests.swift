import ActorMesh
import Distributed
import FedActorsTesting
import Foundation
import Testing

/// The mesh across real OS processes: each test spawns `fedactors-testnode` children on 127.0.0.1.
@Suite(.serialized) struct CrossProcessTests {
    func coordinator() throws -> MeshSystem {
        try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
    }

    @Test func callsErrorsAndTensorsAcrossProcesses() async throws {
        let node = try await Executables.launchTestNode()
        defer { node.terminate() }
        let system = try coordinator()
        defer { system.shutdown() }
        let echo = try EchoActor.resolve(id: MeshActorID(node: node.endpoint, path: "echo"), using: system)

        #expect(try await echo.greet("process") == "hello, process")
        let pid = try await echo.processID()
        #expect(pid == node.processID)
        #expect(pid != ProcessInfo.processInfo.processIdentifier)

        RemoteErrorTypes.register(ProbeError.self)
        await #expect(throws: ProbeError(reason: "asked to fail", code: 42)) { try await echo.fail(codable: true) }
        await #expect(throws: RemoteCallError.self) { try await echo.fail(codable: false) }

        var rng = SplitMix64(seed: 3)
        let weights = (0..<1_048_576).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }
        let back = try await echo.echo(weights)
        #expect(back.map(\.bitPattern) == weights.map(\.bitPattern))
    }

    @Test func ledgersOfBothProcessesAgreeWithTheSockets() async throws {
        let node = try await Executables.launchTestNode()
        defer { node.terminate() }
        let system = try coordinator()
        defer { system.shutdown() }
        let echo = try EchoActor.resolve(id: MeshActorID(node: node.endpoint, path: "echo"), using: system)
        for size in [0, 10, 100_000] { _ = try await echo.echo([Float](repeating: 1, count: size)) }
        _ = try await echo.greet("count me")

        let service = try NodeService.at(node.endpoint, using: system)
        let theirs = try await service.ledger()
        let ours = system.ledger.snapshot()
        let echoRows: (TrafficKey) -> Bool = { $0.actorType.hasSuffix("EchoActor") }
        // What we sent to the echo actor is what the node received, byte for byte, and vice versa.
        #expect(
            ours.total { echoRows($0) && $0.direction == .sent }
                == theirs.total { echoRows($0) && $0.direction == .received })
        #expect(
            ours.total { echoRows($0) && $0.direction == .received }
                == theirs.total { echoRows($0) && $0.direction == .sent })
        #expect(ours.total(.sent).totalBytes == system.transport.statistics.bytesSent)
        #expect(ours.total(.received).totalBytes == system.transport.statistics.bytesReceived)
        #expect(ours.total { echoRows($0) && $0.direction == .sent }.messages == 4)
    }

    @Test func aKilledPeerFailsTheCallAtOnceAsConnectionLost() async throws {
        let node = try await Executables.launchTestNode()
        defer { node.terminate() }
        let system = try coordinator()
        defer { system.shutdown() }
        let echo = try EchoActor.resolve(id: MeshActorID(node: node.endpoint, path: "echo"), using: system)
        #expect(try await echo.greet("alive") == "hello, alive")

        let started = ContinuousClock.now
        // The deadline is far away: the kernel closes the killed node's socket, and the dropped
        // connection fails the call long before it.
        let call = Task { try await MeshSystem.withDeadline(.seconds(20)) { try await echo.nap(milliseconds: 30_000) } }
        #expect(await eventually { system.pendingCallCount == 1 })
        node.kill()
        do {
            _ = try await call.value
            Issue.record("expected the call to fail")
        } catch let error as MeshError {
            #expect(error.code == .connectionLost)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(system.pendingCallCount == 0)
    }

    @Test func aRestartedPeerIsReachedAtTheSameEndpoint() async throws {
        let first = try await Executables.launchTestNode()
        let endpoint = first.endpoint
        let system = try coordinator()
        defer { system.shutdown() }
        let echo = try EchoActor.resolve(id: MeshActorID(node: endpoint, path: "echo"), using: system)
        let firstPID = try await echo.processID()
        #expect(try await echo.greet("first") == "hello, first")

        first.kill()
        _ = await first.waitForExit()
        let second = try await Executables.launchTestNode(["--bind", endpoint])
        defer { second.terminate() }
        #expect(second.endpoint == endpoint)
        let secondPID = try await MeshSystem.withDeadline(.seconds(10)) { try await echo.processID() }
        #expect(secondPID == second.processID)
        #expect(secondPID != firstPID)
        #expect(try await echo.greet("second") == "hello, second")
        // Only the greeting sent after the restart ran there; nothing meant for the first process was replayed.
        #expect(try await echo.callCount() == 1)
    }

    /// SIGTERM (a launcher or slurm stopping it) or SIGINT (Ctrl-C) stops a node cleanly: it shuts its
    /// mesh down and exits 0, with its standard input still open, so the signal alone did it.
    @Test(arguments: [SIGTERM, SIGINT])
    func aNodeStopsCleanlyOnASignal(_ number: Int32) async throws {
        let node = try await Executables.launchTestNode()
        defer { node.terminate() }
        let system = try coordinator()
        defer { system.shutdown() }
        let echo = try EchoActor.resolve(id: MeshActorID(node: node.endpoint, path: "echo"), using: system)
        #expect(try await echo.greet("before") == "hello, before")

        #expect(kill(node.processID, number) == 0)
        #expect(await node.waitForExit(timeout: .seconds(20)) == 0)
    }

    @Test func aNodeOfAnotherBuildIsRefused() async throws {
        let node = try await Executables.launchTestNode(["--fingerprint-salt", "another build"])
        defer { node.terminate() }
        let system = try coordinator()
        defer { system.shutdown() }
        let echo = try EchoActor.resolve(id: MeshActorID(node: node.endpoint, path: "echo"), using: system)
        do {
            _ = try await echo.greet("x")
            Issue.record("expected buildMismatch")
        } catch let error as MeshError {
            #expect(error.code == .buildMismatch)
        }
    }
}
