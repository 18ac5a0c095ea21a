import Foundation
import Testing

@testable import ActorMesh

/// The bookkeeping that lets a ZeroMQ transport notice an inproc:// peer that closed.
struct InprocBindingsTests {
    /// A name no other test uses: the table is the process's.
    private func uniqueEndpoint() -> String { "inproc://bindings-test-\(UUID().uuidString)" }

    @Test func aDealerGoesStaleOnlyWhenItsPeerCloses() {
        let endpoint = uniqueEndpoint()
        let early = InprocBindings.connectingGeneration(of: endpoint)  // connects before the bind
        #expect(InprocBindings.isCurrent(early, for: endpoint))
        InprocBindings.changed(endpoint, bound: true)
        #expect(InprocBindings.isCurrent(early, for: endpoint), "the bind it waited for keeps it")
        let late = InprocBindings.connectingGeneration(of: endpoint)
        #expect(late == early)
        InprocBindings.changed(endpoint, bound: false)
        #expect(!InprocBindings.isCurrent(early, for: endpoint))
        InprocBindings.changed(endpoint, bound: true)
        #expect(!InprocBindings.isCurrent(early, for: endpoint), "a restarted peer is a new connection")
        #expect(InprocBindings.isCurrent(InprocBindings.connectingGeneration(of: endpoint), for: endpoint))
    }

    @Test func aBindWithoutARecordedCloseStillCountsAsANewPeer() {
        let endpoint = uniqueEndpoint()
        InprocBindings.changed(endpoint, bound: true)
        let first = InprocBindings.connectingGeneration(of: endpoint)
        InprocBindings.changed(endpoint, bound: true)
        #expect(!InprocBindings.isCurrent(first, for: endpoint))
        #expect(InprocBindings.generation(of: endpoint) % 2 == 1, "bound generations are odd")
    }

    @Test func otherEndpointsAreNotTracked() {
        #expect(!InprocBindings.tracks("tcp://127.0.0.1:5555"))
        InprocBindings.changed("tcp://127.0.0.1:5555", bound: false)
        #expect(InprocBindings.isCurrent(0, for: "tcp://127.0.0.1:5555"))
    }
}
