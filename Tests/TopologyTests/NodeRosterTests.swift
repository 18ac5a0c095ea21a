import ActorMesh
import ActorMeshTesting
import Federation
import Foundation
import Testing
import Topology

/// The launcher's roster: evidence in, reachable clients, woken waiters and directives out; no node runs.
@Suite struct NodeRosterTests {
    /// A roster with node `a` (clients 0 and 1) and node `b` (client 2), references on an in-memory mesh.
    static func roster() throws -> (NodeRoster, MeshSystem) {
        let system = try MeshSystem(
            transport: InMemoryTransport(name: "coordinator-\(UUID())", network: InMemoryNetwork()))
        func refs(_ ids: [Int], on node: String) throws -> [Int: ClientActor] {
            try Dictionary(
                uniqueKeysWithValues: ids.map {
                    (
                        $0,
                        try ClientActor.resolve(
                            id: MeshActorID(node: node, path: ClientActor.path(for: $0)), using: system)
                    )
                })
        }
        let roster = NodeRoster()
        roster.register("a", endpoint: "mem://a", incarnation: 1, clients: try refs([0, 1], on: "mem://a"))
        roster.register("b", endpoint: "mem://b", incarnation: 2, clients: try refs([2], on: "mem://b"))
        return (roster, system)
    }

    @Test func aLostNodeWakesItsWaitersLeavesTheRoundAndIsRecorded() async throws {
        let (roster, system) = try Self.roster()
        defer { system.shutdown() }
        #expect(roster.reachableClients.keys.sorted() == [0, 1, 2])
        roster.round = 3
        let waiting = Task { await roster.waitUntilDown(client: 2) }
        var notices = roster.directives.makeAsyncIterator()
        roster.lost("b", reason: "its process was killed by signal 9")
        await waiting.value
        let notice = await notices.next()
        #expect(notice?.node == "b" && notice?.directive == .wentDown)
        #expect(roster.reachableClients.keys.sorted() == [0, 1])
        // A waiter on a node that is already down returns at once.
        await roster.waitUntilDown(client: 2)
        let record = try #require(roster.records.first { $0.name == "b" })
        #expect(
            record.finalState == "down" && record.lostAtRound == 3
                && record.lostReason == "its process was killed by signal 9")
        #expect(record.ledgerIncomplete)
        #expect(roster.records.first { $0.name == "a" }?.wasLost == false)
    }

    @Test func aNewIncarnationRejoinsWithNewReferencesAndKeepsTheEarlierLedger() async throws {
        let (roster, system) = try Self.roster()
        defer { system.shutdown() }
        roster.received(ledger: TrafficReport(rows: []), from: "b", endpoint: "mem://b")
        roster.lost("b", reason: "exited")
        // A heartbeat asked after the loss (its time is seconds since the roster started).
        roster.answered("b", incarnation: 9, askedAt: 60)
        var notices = roster.directives.makeAsyncIterator()
        #expect(await notices.next()?.directive == .wentDown)
        let rejoin = await notices.next()
        #expect(rejoin?.node == "b" && rejoin?.directive == .rejoin)
        #expect(roster.liveness(of: "b")?.state == .rejoining)
        let moved = try ClientActor.resolve(
            id: MeshActorID(node: "mem://b2", path: ClientActor.path(for: 2)), using: system)
        roster.rejoined("b", endpoint: "mem://b2", incarnation: 9, clients: [2: moved])
        #expect(roster.reachableClients[2]?.id.node == "mem://b2")
        let (ledgers, names) = roster.ledgers
        #expect(names["mem://b"] == "b (incarnation 1)")
        #expect(ledgers["mem://b"] != nil)
    }

    @Test func aCancelledWaiterReturnsAndAFinishedRosterIgnoresEvidence() async throws {
        let (roster, system) = try Self.roster()
        defer { system.shutdown() }
        let waiting = Task { await roster.waitUntilDown(client: 0) }
        waiting.cancel()
        await waiting.value
        roster.finish()
        roster.lost("a", reason: "stopped at the end of the run")
        #expect(roster.liveness(of: "a")?.state == .up)
    }
}
