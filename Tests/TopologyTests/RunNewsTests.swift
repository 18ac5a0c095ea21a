import ActorMesh
import ActorMeshTesting
import Federation
import Foundation
import Synchronization
import Testing

@testable import Topology

/// A placed server's news to its driver: numbered and kept by the outbox, taken once and in order by
/// the inbox, and carried between two nodes of an in-memory mesh to the driver's follow loop.
@Suite struct RunNewsTests {
    static func started(_ round: Int) -> RunNews {
        .events(RunEvent.from(.started(round: round, invited: [0, 1]), seconds: 0))
    }

    @Test func theOutboxNumbersNewsAndGivesUpOnTheDriverAfterThreeFailedDeliveries() {
        // Prepare
        var outbox = NewsOutbox()
        // Execute
        let first = outbox.add(.announce("a"))
        let second = outbox.add(Self.started(1))
        // Assert
        #expect(first.sequence == 1 && second.sequence == 2)
        #expect(outbox.next == first)
        outbox.deliveredNext()
        #expect(outbox.next == second)
        let again = [outbox.deliveryFailed(), outbox.deliveryFailed(), outbox.deliveryFailed()]
        #expect(again == [true, true, false])
        #expect(outbox.driverGone && outbox.next == nil)
        // What was made is kept (for the report written on the host), delivered or not.
        _ = outbox.add(.announce("b"))
        #expect(outbox.made.count == 3 && outbox.delivered == 1)
    }

    @Test func theInboxHandsNewsOnOnceInOrderAndStopsAtTheFinalNews() {
        var inbox = NewsInbox()
        let messages = [RunNews.announce("a"), Self.started(1), .ended(RunReport()), .announce("late")].enumerated().map
        {
            NewsMessage(sequence: $0.offset + 1, news: $0.element)
        }
        // The second arrives first: held until the first.
        #expect(inbox.accept(messages[1]).isEmpty)
        #expect(inbox.accept(messages[0]) == [messages[0].news, messages[1].news])
        // A resend of one already taken is dropped.
        #expect(inbox.accept(messages[0]).isEmpty)
        #expect(inbox.accept(messages[2]) == [.ended(RunReport())])
        #expect(inbox.finished)
        #expect(inbox.accept(messages[3]).isEmpty)
    }

    /// Two nodes of one in-memory mesh: the server's pusher sends to the driver's follower, and the
    /// driver's follow loop hands on the events and lines in the server's order, then the report.
    @Test func newsCrossesTheMeshInOrderAndTheDriverReturnsTheReport() async throws {
        let network = InMemoryNetwork()
        let driver = try MeshSystem(transport: InMemoryTransport(name: "driver-\(UUID())", network: network))
        let server = try MeshSystem(transport: InMemoryTransport(name: "server-\(UUID())", network: network))
        defer {
            driver.shutdown()
            server.shutdown()
        }
        let feed = NewsFeed()
        let follower = try driver.makeActor(named: RunFollower.path) { RunFollower(actorSystem: driver, feed: feed) }
        let remote = try RunFollower.resolve(id: follower.id, using: server)
        let pusher = NewsPusher { message in
            try await MeshSystem.withDeadline(.seconds(5)) { try await remote.take(message) }
        }
        var record = RoundRecord(round: 1)
        record.completed = [0]
        var report = RunReport(summary: ["name": "t"])
        report.rounds = [record]
        let progress: [RoundProgress] = [
            .started(round: 1, invited: [0, 1]), .answered(round: 1, client: 0, answer: .result),
            .answered(round: 1, client: 1, answer: .failed(reason: "gone")), .ended(record),
        ]
        pusher.post(.announce("resuming after round 0 of 1"))
        for p in progress { pusher.post(.events(RunEvent.from(p, checkpointPath: "/tmp/x.ckpt", seconds: 0))) }
        pusher.post(.ended(report))

        let seen = Seen()
        let got = try await RunLauncher.follow(
            feed, events: { seen.add($0.map(\.event.rawValue)) }, announce: { seen.add(["line: " + $0]) })
        await pusher.finish()
        #expect(got == report)
        #expect(!pusher.driverGone && pusher.delivered == 6)
        #expect(
            seen.all == [
                "line: resuming after round 0 of 1", "round_started", "client_invited", "client_invited",
                "client_answered",
                "client_answered", "round_ended", "client_finished", "checkpoint_written",
            ])
        withExtendedLifetime(follower) {}
    }

    /// A driver that is gone does not hold the server up: deliveries fail, the pusher gives up after
    /// its attempts, and posting goes on without waiting.
    @Test func aDriverThatIsGoneIsGivenUpAndThePusherNeverBlocks() async throws {
        let network = InMemoryNetwork()
        let server = try MeshSystem(transport: InMemoryTransport(name: "server-\(UUID())", network: network))
        defer { server.shutdown() }
        // A follower at a node that does not exist (the driver died before it was reached).
        let gone = try RunFollower.resolve(
            id: MeshActorID(node: "driver-gone-\(UUID())", path: RunFollower.path), using: server)
        let pusher = NewsPusher(retryDelay: .milliseconds(1)) { message in
            try await MeshSystem.withDeadline(.milliseconds(200)) { try await gone.take(message) }
        }
        for round in 1...5 { pusher.post(Self.started(round)) }
        pusher.post(.ended(RunReport()))
        await pusher.finish()
        #expect(pusher.driverGone)
        #expect(pusher.delivered == 0)
    }

    @Test func aFailedRunIsThrownWithItsReason() async throws {
        let feed = NewsFeed()
        feed.yield(.announce("x"))
        feed.yield(.failed("client 3 describes itself as client 4"))
        await #expect(throws: FederationError.self) {
            _ = try await RunLauncher.follow(feed, events: { _ in }, announce: { _ in })
        }
        let ended = NewsFeed()
        ended.yield(.failed("the server's node was lost"))
        do {
            _ = try await RunLauncher.follow(ended, events: { _ in }, announce: { _ in })
            Issue.record("expected the failure")
        } catch let error as FederationError {
            #expect(error.message == "the server's node was lost")
        }
    }
}

/// What a test's callbacks saw, in order.
final class Seen: Sendable {
    private let items = Mutex<[String]>([])
    func add(_ more: [String]) { items.withLock { $0 += more } }
    var all: [String] { items.withLock { $0 } }
}
