import ActorMesh
import Testing

/// Applies `event` to `node` outside `#expect` (which cannot mutate) and returns what it returned.
private func step<T>(_ node: inout NodeLiveness, _ event: (inout NodeLiveness) -> T) -> T { event(&node) }

/// The liveness state machine alone: evidence in, state and directive out, no sockets, no clocks.
@Suite struct NodeLivenessTests {
    @Test func slowHeartbeatsMarkANodeDownOnlyAfterEnoughMissesInARow() {
        var node = NodeLiveness(incarnation: 7, at: 0, missesBeforeDown: 3)
        #expect(step(&node) { $0.missed(reason: "deadline", at: 1) } == .none)
        #expect(step(&node) { $0.missed(reason: "deadline", at: 2) } == .none)
        // An answer resets the count.
        #expect(step(&node) { $0.answered(incarnation: 7, at: 3) } == .none)
        #expect(step(&node) { $0.missed(reason: "deadline", at: 4) } == .none)
        #expect(step(&node) { $0.missed(reason: "deadline", at: 5) } == .none)
        #expect(node.state == .up)
        #expect(step(&node) { $0.missed(reason: "deadline", at: 6) } == .wentDown)
        #expect(node.state == .down)
        #expect(node.firstLoss?.since == 6)
        #expect(node.firstLoss?.reason?.contains("3 heartbeats missed") == true)
        // More misses change nothing.
        #expect(step(&node) { $0.missed(reason: "deadline", at: 7) } == .none)
    }

    @Test func anExitOrADroppedConnectionMarksANodeDownAtOnce() {
        var node = NodeLiveness(incarnation: 7, at: 0)
        #expect(step(&node) { $0.lost(reason: "its process was killed by signal 9", at: 12.5) } == .wentDown)
        #expect(node.state == .down)
        #expect(step(&node) { $0.lost(reason: "connection dropped", at: 13) } == .none)
        #expect(node.history.map(\.state) == [.up, .down])
        #expect(
            node.firstLoss
                == NodeLiveness.Period(state: .down, since: 12.5, reason: "its process was killed by signal 9"))
    }

    @Test func theSameIncarnationAnsweringAgainComesBackWithoutARejoin() {
        var node = NodeLiveness(incarnation: 7, at: 0, missesBeforeDown: 1)
        #expect(step(&node) { $0.missed(reason: "deadline", at: 1) } == .wentDown)
        #expect(step(&node) { $0.answered(incarnation: 7, at: 2) } == .cameBack)
        #expect(node.state == .up)
        #expect(node.history.map(\.state) == [.up, .down, .up])
    }

    @Test func aNewIncarnationRejoinsAndItsClientsMustBeRebuilt() {
        var node = NodeLiveness(incarnation: 7, at: 0)
        #expect(step(&node) { $0.lost(reason: "exited", at: 5) } == .wentDown)
        #expect(step(&node) { $0.answered(incarnation: 8, at: 6) } == .rejoin)
        #expect(node.state == .rejoining)
        // Heartbeats while the clients are rebuilt change nothing.
        #expect(step(&node) { $0.answered(incarnation: 8, at: 6.5) } == .none)
        #expect(step(&node) { $0.missed(reason: "slow", at: 6.6) } == .none)
        node.rejoined(incarnation: 8, at: 7)
        #expect(node.state == .up)
        #expect(node.incarnation == 8)
        #expect(node.history.map(\.state) == [.up, .down, .rejoining, .up])
    }

    @Test func aRestartBetweenTwoHeartbeatsIsALossAndARejoin() {
        var node = NodeLiveness(incarnation: nil, at: 0)
        // The first answer teaches the incarnation.
        #expect(step(&node) { $0.answered(incarnation: 7, at: 0.5) } == .none)
        #expect(step(&node) { $0.answered(incarnation: 9, at: 1) } == .rejoin)
        #expect(node.history.map(\.state) == [.up, .down, .rejoining])
        #expect(node.firstLoss?.reason?.contains("restarted") == true)
    }

    @Test func anAnswerToAHeartbeatSentBeforeTheLossIsIgnored() {
        var node = NodeLiveness(incarnation: 7, at: 0)
        #expect(step(&node) { $0.lost(reason: "killed", at: 10) } == .wentDown)
        // Asked at 9.9, answered (by the old process) before it died, processed at 10.1.
        #expect(step(&node) { $0.answered(incarnation: 7, at: 10.1, askedAt: 9.9) } == .none)
        #expect(node.state == .down)
    }

    @Test func theLauncherRestartingANodeRejoinsOrFails() {
        var node = NodeLiveness(incarnation: 7, at: 0)
        #expect(!step(&node) { $0.restarting(at: 1) })  // only a node that is down is restarted
        #expect(step(&node) { $0.lost(reason: "exited", at: 2) } == .wentDown)
        #expect(step(&node) { $0.restarting(at: 2.1) })
        #expect(node.state == .rejoining)
        node.rejoinFailed(reason: "could not build the clients", at: 3)
        #expect(node.state == .down)
        #expect(node.history.last?.reason == "rejoin failed: could not build the clients")
        #expect(step(&node) { $0.restarting(at: 4) })
        node.rejoined(incarnation: 11, at: 5)
        #expect(node.state == .up && node.incarnation == 11)
    }

    @Test func aLostCallIsEvidenceOnlyWhileTheNodeIsUp() {
        var node = NodeLiveness(incarnation: 7, at: 0)
        #expect(step(&node) { $0.lost(reason: "killed", at: 1) } == .wentDown)
        #expect(step(&node) { $0.restarting(at: 1.1) })
        // A call made to the killed process fails late: it says nothing of the new one.
        #expect(step(&node) { $0.callLost(reason: "connection dropped", at: 1.2) } == .none)
        #expect(node.state == .rejoining)
        node.rejoined(incarnation: 8, at: 2)
        #expect(step(&node) { $0.callLost(reason: "connection dropped", at: 3) } == .wentDown)
        #expect(node.history.map(\.state) == [.up, .down, .rejoining, .up, .down])
    }
}
