@testable import ActorMesh
import FedActorsTesting
import Testing
import ZeroMQ

/// The peer-liveness rules alone: the state table, and how a DEALER's monitor events are read.
@Suite struct PeerLivenessTests {
    @Test func aPeerGoesUpDownAndUpAgainWithTimesAndReasons() {
        var table = PeerLiveness()
        let peer = "tcp://10.0.0.1:7000"
        #expect(table.state(of: peer) == .unknown)

        let up = table.up(peer, at: .seconds(1))
        #expect(up.change?.state.status == .up)
        #expect(up.change?.state.since == .seconds(1))
        #expect(up.failing == .none)
        #expect(table.up(peer, at: .seconds(2)).change == nil, "no news is no change")

        let down = table.disconnected(peer, message: "dropped", at: .seconds(3))
        #expect(down.failing == .all)
        #expect(down.change == PeerEvent(endpoint: peer, state: table.state(of: peer)))
        let state = table.state(of: peer)
        #expect(state.status == .down)
        #expect(state.downReason == .disconnected)
        #expect(state.message == "dropped")
        #expect(state.since == .seconds(3))
        #expect(state.wasEverUp)

        // Failing reconnections keep the first reason and time.
        let retry = table.refused(peer, message: "refused", discarded: false, waiting: [], at: .seconds(4))
        #expect(retry.change == nil)
        #expect(table.state(of: peer).downReason == .disconnected)
        #expect(table.state(of: peer).since == .seconds(3))

        let back = table.up(peer, at: .seconds(5))
        #expect(back.change?.state.status == .up)
        #expect(back.change?.state.downReason == nil)
        #expect(back.change?.state.message == nil)
        #expect(table.states.count == 1)
    }

    @Test func aPeerNeverUpThatRefusesFailsEveryWaitingCall() {
        var table = PeerLiveness()
        let decision = table.refused(
            "tcp://127.0.0.1:5", message: "refused", discarded: true, waiting: [], at: .seconds(7))
        #expect(decision.failing == .all)
        let state = table.state(of: "tcp://127.0.0.1:5")
        #expect(state.status == .down)
        #expect(state.downReason == .refused)
        #expect(!state.wasEverUp)
        #expect(decision.change?.state == state)
    }

    @Test func failedReconnectionsFailOnlyCallsThatWaitedThroughAnEarlierAttempt() {
        var table = PeerLiveness()
        let peer = "tcp://10.0.0.2:7000"
        _ = table.up(peer, at: .zero)
        _ = table.disconnected(peer, message: "dropped", at: .seconds(1))
        // Calls 1 and 2 were sent after the drop: the first failed attempt may predate them.
        #expect(table.refused(peer, message: "r", discarded: false, waiting: [1, 2], at: .seconds(2)).failing == .none)
        // Call 2 was answered meanwhile; 3 is new. Only 1 waited through a whole attempt.
        #expect(
            table.refused(peer, message: "r", discarded: false, waiting: [1, 3], at: .seconds(3)).failing == .calls([1])
        )
        #expect(
            table.refused(peer, message: "r", discarded: false, waiting: [3, 4], at: .seconds(4)).failing == .calls([3])
        )
        // Once up, older attempts no longer count against a call.
        _ = table.up(peer, at: .seconds(5))
        _ = table.disconnected(peer, message: "dropped", at: .seconds(6))
        #expect(table.refused(peer, message: "r", discarded: false, waiting: [4], at: .seconds(7)).failing == .none)
    }

    // MARK: The monitor events of one DEALER

    func watch() -> DealerWatch {
        DealerWatch(
            peer: "tcp://127.0.0.1:9", curve: false, connectTimeoutMilliseconds: 5000,
            handshakeTimeoutMilliseconds: 5000)
    }

    func peerDownCode(_ outcome: DealerWatch.Outcome) -> TransportError.Code? {
        if case .peerDown(_, let error) = outcome.event { return error.code }
        return nil
    }

    @Test func aRefusedFirstAttemptIsReportedAndForgotten() {
        var watch = watch()
        #expect(watch.observe(ZMQMonitorEvent.connectDelayed, value: 115, now: 1000).event == nil)
        let refused = watch.observe(ZMQMonitorEvent.closed, value: 12, now: 1001)
        #expect(peerDownCode(refused) == .connectionRefused)
        #expect(refused.forget)
        if case .peerDown(_, let error) = refused.event {
            #expect(
                error.message
                    == """
                    tcp://127.0.0.1:9 refused the connection: no node listens there (is it started, and is the \
                    address right?)
                    """
            )
        }
        // An attempt that lasted the whole connect timeout was not refused: nobody answered.
        #expect(watch.observe(ZMQMonitorEvent.connectDelayed, value: 115, now: 2000).event == nil)
        let silent = watch.observe(ZMQMonitorEvent.closed, value: 12, now: 7000)
        if case .peerDown(_, let error) = silent.event {
            #expect(error.message.contains("did not answer a connection attempt within 5000 ms"))
        } else {
            Issue.record("expected peerDown, got \(String(describing: silent.event))")
        }
    }

    @Test func aPeerThatWasUpIsKeptAndRetried() {
        var watch = watch()
        if case .peerUp(let peer) = watch.observe(ZMQMonitorEvent.handshakeSucceeded, value: 0, now: 0).event {
            #expect(peer == "tcp://127.0.0.1:9")
        } else {
            Issue.record("a handshake that succeeded is the peer up")
        }
        let dropped = watch.observe(ZMQMonitorEvent.disconnected, value: 12, now: 10)
        #expect(peerDownCode(dropped) == .disconnected)
        #expect(!dropped.forget)
        let retry = watch.observe(ZMQMonitorEvent.closed, value: 13, now: 120)
        #expect(peerDownCode(retry) == .reconnectFailed)
        #expect(!retry.forget)
        #expect(watch.wasEverUp && !watch.isUp)
    }

    @Test func handshakeFailuresAreSecurityNewsOnlyWithCurve() {
        var plain = watch()
        #expect(plain.observe(ZMQMonitorEvent.handshakeFailedNoDetail, value: 110, now: 0).event == nil)
        let frozen = plain.observe(ZMQMonitorEvent.disconnected, value: 12, now: 1)
        if case .peerDown(_, let error) = frozen.event {
            #expect(error.code == .disconnected)
            #expect(error.message.contains("did not complete the handshake"))
        } else {
            Issue.record("a handshake that never completed is the peer down")
        }

        var curve = DealerWatch(
            peer: "tcp://127.0.0.1:9", curve: true, connectTimeoutMilliseconds: 5000, handshakeTimeoutMilliseconds: 5000
        )
        let auth = curve.observe(ZMQMonitorEvent.handshakeFailedAuth, value: 400, now: 0)
        guard case .peerFailed(_, let error) = auth.event else {
            Issue.record("expected peerFailed, got \(String(describing: auth.event))")
            return
        }
        #expect(error.code == .security)
        #expect(auth.warning != nil)
        #expect(curve.observe(ZMQMonitorEvent.handshakeFailedAuth, value: 400, now: 1).event == nil, "reported once")
        if case .peerDown(_, let error) = curve.observe(ZMQMonitorEvent.disconnected, value: 12, now: 2).event {
            #expect(error.message.contains("CURVE handshake"))
        } else {
            Issue.record("the connection closed after a refused handshake is the peer down")
        }
    }

    // MARK: Subscribers

    @Test func everySubscriberGetsTheChangesFromItsSubscriptionOnUntilTheEnd() async {
        let hub = PeerEventHub()
        let early = hub.subscribe()
        let first = PeerEvent(endpoint: "a", state: .unknown)
        hub.publish(first)
        let late = hub.subscribe()
        var second = PeerState()
        second.status = .up
        hub.publish(PeerEvent(endpoint: "a", state: second))
        hub.finish()
        #expect(await collect(early).map(\.state.status) == [.unknown, .up])
        #expect(await collect(late).map(\.state.status) == [.up])
        #expect(await collect(hub.subscribe()).isEmpty, "a stream asked for after the end is finished")
        #expect(hub.subscriberCount == 0)
    }
}

/// Everything `stream` yields until it finishes.
func collect<Element>(_ stream: AsyncStream<Element>) async -> [Element] {
    var all: [Element] = []
    for await element in stream { all.append(element) }
    return all
}
