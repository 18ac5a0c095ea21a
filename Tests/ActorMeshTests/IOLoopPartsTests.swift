@testable import ActorMesh
import Testing

/// The I/O loop's small parts, without sockets: its poll slots, the caller hand-off and the order a
/// DEALER closes in.
@Suite struct IOLoopPartsTests {
    @Test func readyIndexesComeBackAsNamedSlotsWhateverWasAddedBeforeThem() {
        // Prepare: the poll set of a CURVE node (with a ZAP socket) and two peers, as the loop builds it.
        var slots = PollSlots()
        let order: [PollSlots.Slot] = [
            .wake, .router, .zap, .dealer(peer: "a"), .dealer(peer: "b"), .monitor(peer: "a"), .monitor(peer: "b"),
        ]
        for (index, slot) in order.enumerated() { slots.record(slot, at: index) }
        // Execute: zmq_poll reports indexes 0, 4 and 5, and one past the end.
        let ready = slots.ready([0, 4, 5, 99])
        // Assert
        #expect(ready.slots == [.wake, .dealer(peer: "b"), .monitor(peer: "a")])
        #expect(!ready.contains(.router) && !ready.contains(.dealer(peer: "a")))
        // Without ZAP the same peer sits one index lower: the name still finds it.
        var plain = PollSlots()
        for (index, slot) in order.filter({ $0 != .zap }).enumerated() { plain.record(slot, at: index) }
        #expect(plain.ready([3]).slots == [.dealer(peer: "b")])
        #expect(!plain.ready([2]).contains(.zap))
        plain.removeAll()
        #expect(plain.ready([0]).isEmpty)
    }

    @Test func aCallerRingsOnlyWhenTheThreadSleepsAndOnlyOncePerSleep() {
        var outbox = Outbox<Int>()
        // The thread is awake: callers queue without ringing.
        let first = outbox.enqueue(1)
        // Work is waiting, so the thread may not block.
        let blocksWithWork = outbox.mayBlock()
        let taken = outbox.take()
        // With nothing waiting it blocks; the first caller rings, the next does not.
        let blocksIdle = outbox.mayBlock()
        let second = outbox.enqueue(2), third = outbox.enqueue(3)
        outbox.awoke()
        let later = outbox.take(), none = outbox.take()
        #expect(first == .queued && !blocksWithWork && taken == [1])
        #expect(blocksIdle && second == .queuedRingWake && third == .queued)
        #expect(later == [2, 3] && none.isEmpty)
    }

    @Test func aStoppedOutboxRefusesAndNeverLetsTheThreadBlock() {
        var outbox = Outbox<Int>()
        let first = outbox.stop(), second = outbox.stop()
        let refused = outbox.enqueue(1)
        let taken = outbox.take()
        let blocks = outbox.mayBlock()
        #expect(first && !second, "only the first stop joins the thread")
        #expect(refused == .refused && taken.isEmpty && !blocks && outbox.stopping)
    }

    @Test func monitoringStopsBeforeEitherSocketCloses() {
        #expect(DealerClosing.steps(monitored: true) == [.stopMonitoring, .closeMonitor, .closeDealer])
        #expect(DealerClosing.steps(monitored: false) == [.closeDealer])
    }
}
