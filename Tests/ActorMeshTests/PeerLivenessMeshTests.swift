import ActorMesh
import ActorMeshTesting
import FedActorsTesting
import Foundation
import Testing

/// Peer news driving a mesh system, deterministically: an in-memory network told by the test what a
/// socket monitor would say, and a manual clock.
@Suite struct PeerLivenessMeshTests {
    /// A node that calls `mem://ghost`, an endpoint nobody binds: its calls wait until the news fails them.
    struct Caller {
        let network = InMemoryNetwork()
        let clock = ManualClock()
        let system: MeshSystem
        let ghost = "mem://ghost"
        let echo: EchoActor

        init() throws {
            var settings = MeshSettings()
            settings.clock = clock
            system = try MeshSystem(transport: InMemoryTransport(name: "caller", network: network), settings: settings)
            echo = try EchoActor.resolve(id: MeshActorID(node: ghost, path: "echo"), using: system)
        }

        /// Starts a call to the ghost and waits until it is pending.
        func waitingCall() async -> Task<String, any Error> {
            let before = system.pendingCallCount
            let call = Task { [echo] in try await echo.greet("anyone") }
            _ = await eventually { system.pendingCallCount == before + 1 }
            return call
        }
    }

    /// The mesh error a call failed with, or nil (recording an issue) if it did not fail so.
    func meshError(of call: Task<String, any Error>) async -> MeshError? {
        do {
            _ = try await call.value
            Issue.record("expected the call to fail")
        } catch let error as MeshError {
            return error
        } catch {
            Issue.record("expected a MeshError, got \(error)")
        }
        return nil
    }

    @Test func aPeerThatGoesDownFailsItsWaitingCallsAtOnce() async throws {
        let caller = try Caller()
        defer { caller.system.shutdown() }
        caller.network.report(.up, of: caller.ghost)
        #expect(await eventually { caller.system.peerState(caller.ghost).status == .up })

        let call = await caller.waitingCall()
        caller.clock.advance(by: .seconds(2))
        caller.network.report(.disconnected, of: caller.ghost)
        let error = await meshError(of: call)
        #expect(error?.code == .connectionLost)
        let state = caller.system.peerState(caller.ghost)
        #expect(state.status == .down)
        #expect(state.downReason == .disconnected)
        #expect(state.since == .seconds(2))
        #expect(state.wasEverUp)
        #expect(caller.system.pendingCallCount == 0)
    }

    @Test func aPeerThatRefusesBeforeEverBeingUpFailsCallsAsConnectionRefused() async throws {
        let caller = try Caller()
        defer { caller.system.shutdown() }
        let first = await caller.waitingCall()
        let second = await caller.waitingCall()
        caller.network.report(.refused, of: caller.ghost)
        for call in [first, second] {
            let error = await meshError(of: call)
            #expect(error?.code == .connectionRefused)
            #expect(error?.message.hasPrefix("mem://ghost refused the connection") == true)
        }
        let state = caller.system.peerState(caller.ghost)
        #expect(state.status == .down)
        #expect(state.downReason == .refused)
        #expect(!state.wasEverUp)
        #expect(caller.system.peerState("mem://never-called") == .unknown)
    }

    @Test func aCallToAPeerThatIsDownFailsAtTheSecondFailedReconnectionNotItsDeadline() async throws {
        let caller = try Caller()
        defer { caller.system.shutdown() }
        caller.network.report(.up, of: caller.ghost)
        caller.network.report(.disconnected, of: caller.ghost)
        #expect(await eventually { caller.system.peerState(caller.ghost).status == .down })

        let call = await caller.waitingCall()
        // The first failed attempt may have started before the call was sent: the call waits on.
        caller.network.report(.reconnectFailed, of: caller.ghost)
        #expect(caller.system.pendingCallCount == 1)
        caller.network.report(.reconnectFailed, of: caller.ghost)
        let error = await meshError(of: call)
        #expect(error?.code == .connectionRefused)
        #expect(error?.message.contains("may still receive it") == true)
        #expect(caller.system.peerState(caller.ghost).downReason == .disconnected, "down for its first reason")
    }

    @Test func everySubscriberSeesEachChangeInOrderUntilShutdown() async throws {
        let caller = try Caller()
        let first = caller.system.peerEvents()
        let second = caller.system.peerEvents()
        caller.network.report(.up, of: caller.ghost)
        caller.network.report(.up, of: caller.ghost)  // no change: no event
        caller.clock.advance(by: .seconds(3))
        caller.network.report(.disconnected, of: caller.ghost)
        caller.network.report(.reconnectFailed, of: caller.ghost)  // still down: no event
        caller.clock.advance(by: .seconds(4))
        caller.network.report(.up, of: caller.ghost)
        #expect(await eventually { caller.system.peerState(caller.ghost).since == .seconds(7) })
        caller.system.shutdown()

        for stream in [first, second] {
            let events = await collect(stream)
            #expect(events.map(\.endpoint) == [caller.ghost, caller.ghost, caller.ghost])
            #expect(events.map(\.state.status) == [.up, .down, .up])
            #expect(events.map(\.state.since) == [.zero, .seconds(3), .seconds(7)])
        }
        #expect(await collect(caller.system.peerEvents()).isEmpty)
    }
}
