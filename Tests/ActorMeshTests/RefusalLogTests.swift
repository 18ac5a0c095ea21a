@testable import ActorMesh
import ActorMeshTesting
import Testing

/// The rate limit of refused-message warnings, on a clock passed by hand.
@Suite struct RefusalLogTests {
    @Test func onePeerGetsOneLinePerSecondWithTheCountSinceTheLastLine() {
        let clock = ManualClock()
        var log = RefusalLog()
        var lines: [(String, Int)] = []
        // 10 refusals a second from one peer for 3 seconds.
        for _ in 0..<30 {
            if let line = log.note(peer: "tcp://a", now: clock.now()) { lines.append((line.peer, line.count)) }
            clock.advance(by: .milliseconds(100))
        }
        #expect(lines.map(\.1) == [1, 10, 10])
        #expect(lines.allSatisfy { $0.0 == "tcp://a" })
    }

    @Test func peersAreLimitedApartAndTheirNumberIsBounded() {
        var log = RefusalLog(interval: .seconds(1), maxPeers: 4)
        // Distinct peers each get their first line.
        for i in 0..<4 { #expect(log.note(peer: "p\(i)", now: .zero)?.count == 1) }
        // Past the bound, new peers share one entry within the second...
        #expect(log.note(peer: "p4", now: .zero)?.peer == RefusalLog.others)
        #expect(log.note(peer: "p5", now: .zero) == nil)
        for i in 6..<10_000 { _ = log.note(peer: "p\(i)", now: .milliseconds(500)) }
        #expect(log.entries.count <= 5)
        // ...and once the tracked peers' lines are old, new peers are tracked again.
        #expect(log.note(peer: "late", now: .seconds(2))?.peer == "late")
        #expect(log.entries.count <= 5)
    }
}
