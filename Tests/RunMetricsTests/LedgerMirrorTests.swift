import ActorMesh
import Testing
@testable import RunMetrics

/// The ledger's rows as counters: increments that bring them to each new snapshot, never down.
struct LedgerMirrorTests {
    static func key(
        _ peer: String, _ method: String, _ direction: TrafficKey.Direction, _ kind: TrafficKey.Kind = .request
    ) -> TrafficKey {
        TrafficKey(peer: peer, actorType: "Federation.ClientActor", method: method, direction: direction, kind: kind)
    }

    @Test func incrementsBringTheCountersToEachSnapshotSummingRequestsAndReplies() {
        let ledger = TrafficLedger()
        var mirror = LedgerMirror()
        ledger.record(Self.key("tcp://a:1", "fit(_:)", .sent), envelopeBytes: 100, payloadBytes: 900, frames: 2)
        ledger.record(Self.key("tcp://a:1", "fit(_:)", .sent, .reply), envelopeBytes: 10, payloadBytes: 90, frames: 2)
        let first = mirror.increments(toMatch: ledger.snapshot())
        #expect(first.count == 1)
        #expect(
            first.first?.0
                == LedgerMirror.Series(
                    peer: "tcp://a:1", actor: "Federation.ClientActor", method: "fit(_:)", direction: "sent"))
        #expect(first.first?.1 == LedgerMirror.Totals(bytes: 1100, messages: 2))

        ledger.record(Self.key("tcp://a:1", "fit(_:)", .sent), envelopeBytes: 100, payloadBytes: 400, frames: 2)
        ledger.record(Self.key("tcp://b:2", "evaluate(_:)", .received), envelopeBytes: 50, payloadBytes: 0, frames: 1)
        let second = mirror.increments(toMatch: ledger.snapshot())
        #expect(
            second.map(\.1) == [
                LedgerMirror.Totals(bytes: 500, messages: 1), LedgerMirror.Totals(bytes: 50, messages: 1),
            ])
        // Nothing new: nothing to add.
        #expect(mirror.increments(toMatch: ledger.snapshot()).isEmpty)
        #expect(mirror.pushed.values.reduce(0) { $0 + $1.bytes } == ledger.snapshot().total().totalBytes)
    }

    @Test func aShrunkRowLeavesItsCounterWhereItWas() {
        var mirror = LedgerMirror()
        let row = { (bytes: Int) -> TrafficReport in
            let ledger = TrafficLedger()
            ledger.record(Self.key("p", "fit(_:)", .sent), envelopeBytes: 0, payloadBytes: bytes, frames: 1)
            return ledger.snapshot()
        }
        _ = mirror.increments(toMatch: row(1000))
        #expect(mirror.increments(toMatch: row(800)).isEmpty)
        #expect(mirror.increments(toMatch: row(1200)).map(\.1.bytes) == [200])
    }

    @Test func seriesPastTheBoundFoldIntoOtherAndTheTotalsStillHold() {
        var mirror = LedgerMirror()
        let ledger = TrafficLedger()
        let count = LedgerMirror.maxSeries + 10
        for i in 0..<count {
            ledger.record(
                Self.key("peer-" + String(100_000 + i), "m", .received), envelopeBytes: 0, payloadBytes: 7, frames: 1)
        }
        let adds = mirror.increments(toMatch: ledger.snapshot())
        #expect(mirror.pushed.count == LedgerMirror.maxSeries + 1)
        #expect(
            mirror.pushed[.init(peer: "other", actor: "Federation.ClientActor", method: "m", direction: "received")]
                == .init(bytes: 70, messages: 10))
        #expect(adds.reduce(0) { $0 + $1.1.bytes } == 7 * count)
    }
}
