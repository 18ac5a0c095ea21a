import ActorMesh
import FedActorsTesting
import Foundation
import Glibc
import Testing

/// Peer liveness over real sockets: a port where nothing listens, and `fedactors-testnode` children
/// killed, restarted at the same port, and frozen.
@Suite(.serialized) struct PeerLivenessProcessTests {
    func coordinator(heartbeat: ZeroMQTransport.Heartbeat? = ZeroMQTransport.Heartbeat()) throws -> MeshSystem {
        var settings = ZeroMQTransport.Settings()
        settings.heartbeat = heartbeat
        return try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0", settings: settings))
    }

    /// The next event of `events` that satisfies `matching`, or nil after `timeout`.
    func next(
        _ events: AsyncStream<PeerEvent>, within timeout: Duration,
        where matching: @escaping @Sendable (PeerEvent) -> Bool
    ) async -> PeerEvent? {
        await withTaskGroup(of: PeerEvent?.self) { group in
            group.addTask {
                for await event in events where matching(event) { return event }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test func aCallToAPortWhereNothingListensFailsAsRefusedAtOnce() async throws {
        let port = try ClosedPort()
        let system = try coordinator()
        defer { system.shutdown() }
        let endpoint = "tcp://127.0.0.1:\(port.number)"
        let echo = try EchoActor.resolve(id: MeshActorID(node: endpoint, path: "echo"), using: system)

        for attempt in 1...2 {
            let started = ContinuousClock.now
            do {
                _ = try await MeshSystem.withDeadline(.seconds(30)) { try await echo.greet("anyone there?") }
                Issue.record("attempt \(attempt): expected connectionRefused")
            } catch let error as MeshError {
                #expect(error.code == .connectionRefused)
                #expect(
                    error.message.hasPrefix(
                        """
                        \(endpoint) refused the connection: no node listens there (is it started, and is the address \
                        right?)
                        """
                    ))
            }
            // Far from the 30 s deadline: one refused connection attempt (generous for a loaded machine).
            #expect(ContinuousClock.now - started < .seconds(5))
        }
        let state = system.peerState(endpoint)
        #expect(state.status == .down)
        #expect(state.downReason == .refused)
        #expect(!state.wasEverUp)
        #expect(system.pendingCallCount == 0)
    }

    @Test func aKilledNodeIsDownAtOnceAndUpAgainWhenRestartedAtTheSamePort() async throws {
        let first = try await Executables.launchTestNode()
        defer { first.kill() }
        let endpoint = first.endpoint
        let system = try coordinator()
        defer { system.shutdown() }
        let events = system.peerEvents()
        let echo = try EchoActor.resolve(id: MeshActorID(node: endpoint, path: "echo"), using: system)
        #expect(try await echo.greet("first") == "hello, first")
        #expect(await eventually { system.peerState(endpoint).status == .up })

        first.kill()
        let down = await next(events, within: .seconds(10)) { $0.endpoint == endpoint && $0.state.status == .down }
        #expect(down?.state.downReason == .disconnected)
        #expect(down?.state.wasEverUp == true)
        _ = await first.waitForExit()

        // While nothing listens there, a call fails within a couple of reconnection attempts.
        let started = ContinuousClock.now
        do {
            _ = try await MeshSystem.withDeadline(.seconds(30)) { try await echo.greet("gone?") }
            Issue.record("expected connectionRefused while the node is down")
        } catch let error as MeshError {
            #expect(error.code == .connectionRefused)
        }
        #expect(ContinuousClock.now - started < .seconds(5))

        let second = try await Executables.launchTestNode(["--bind", endpoint])
        defer { second.terminate() }
        let up = await next(events, within: .seconds(10)) { $0.endpoint == endpoint && $0.state.status == .up }
        #expect(up != nil, "the restarted node is seen up without any call")
        #expect(system.peerState(endpoint).status == .up)
        let pid = try await MeshSystem.withDeadline(.seconds(10)) { try await echo.processID() }
        #expect(pid == second.processID)
        #expect(try await echo.greet("second") == "hello, second")
    }

    @Test func aFrozenNodeIsDownWithinTheHeartbeatTimeout() async throws {
        let node = try await Executables.launchTestNode()
        let pid = node.processID
        defer {
            _ = Glibc.kill(pid, SIGCONT)
            node.kill()
        }
        let endpoint = node.endpoint
        let heartbeat = ZeroMQTransport.Heartbeat(interval: .milliseconds(200), timeout: .seconds(1))
        let system = try coordinator(heartbeat: heartbeat)
        defer { system.shutdown() }
        let events = system.peerEvents()
        let echo = try EchoActor.resolve(id: MeshActorID(node: endpoint, path: "echo"), using: system)
        #expect(try await echo.greet("awake") == "hello, awake")
        #expect(await eventually { system.peerState(endpoint).status == .up })

        // SIGSTOP keeps the TCP connection open (the kernel still acknowledges), but nothing answers.
        let call = Task { try await MeshSystem.withDeadline(.seconds(30)) { try await echo.nap(milliseconds: 20_000) } }
        #expect(await eventually { system.pendingCallCount == 1 })
        let stopped = ContinuousClock.now
        #expect(Glibc.kill(pid, SIGSTOP) == 0)
        let down = await next(events, within: .seconds(10)) { $0.endpoint == endpoint && $0.state.status == .down }
        let noticed = ContinuousClock.now - stopped
        #expect(down?.state.downReason == .disconnected)
        // interval + timeout, with a generous margin for a loaded machine: far less than the deadline.
        #expect(noticed < .seconds(6))
        do {
            _ = try await call.value
            Issue.record("expected the call in flight to fail with the connection")
        } catch let error as MeshError {
            #expect(error.code == .connectionLost)
        }
        #expect(ContinuousClock.now - stopped < .seconds(10))

        #expect(Glibc.kill(pid, SIGCONT) == 0)
        let up = await next(events, within: .seconds(10)) { $0.endpoint == endpoint && $0.state.status == .up }
        #expect(up != nil, "a node that runs again is seen up again")
        #expect(try await echo.greet("thawed") == "hello, thawed")
    }
}
