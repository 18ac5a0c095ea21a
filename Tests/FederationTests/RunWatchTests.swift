import ActorMesh
import Federation
import Testing

/// The watch's view of a run, from its events.
@Suite struct RunWatchTests {
    @Test func eventsBecomeLinesAViewAndAnETA() {
        var watch = RunWatch()
        var started = RunEvent(.runStarted, seconds: 0)
        started.settings = [
            "name": "demo", "clients": "4", "strategy": "fedavg", "model": "2nn", "dataset": "fashion-mnist",
            "rounds": "4",
        ]
        #expect(watch.apply(started) == ["demo: 4 clients, fedavg, 2nn on fashion-mnist, 4 rounds"])
        var first = RoundRecord(round: 1)
        first.invited = [0, 1, 2]
        first.completed = [0, 1]
        first.straggled = [2]
        first.globalAccuracy = 0.5
        first.wireBytesDown = 2_000_000
        first.wireBytesUp = 1_000_000
        let lines = RunEvent.round(first, seconds: 10).flatMap { watch.apply($0) }
        // 10 s for the first round: 3 more take about 30 s. The client events print nothing.
        #expect(
            lines == [
                "round 1/4: 2/3 done, 1 straggled, accuracy 0.5000, 2.00 MB down, 1.00 MB up so far, about 30 s left"
            ])
        #expect(watch.etaSeconds == 30)
        var down = RunEvent(.nodeDown, seconds: 11)
        down.node = "b"
        down.round = 2
        down.reason = "its process was killed by signal 9"
        #expect(watch.apply(down) == ["node b down (round 2): its process was killed by signal 9"])
        let screen = watch.screen(width: 120)
        #expect(screen.first == "demo  round 1 of 4  [#######.......................]  about 30 s left")
        #expect(screen.contains("nodes: b down since round 2"))
        #expect(screen.contains("stragglers so far: 1 (clients 2)"))
        #expect(screen.contains("last round: 2/3 done, 0 spare, 1 straggled, 0 dropped, 0 failed, 0 unreachable"))
        var ended = RunEvent(.runEnded, seconds: 12)
        ended.interrupted = true
        #expect(watch.apply(ended) == ["run interrupted after 1 round"])
        #expect(watch.ended && watch.screen().first?.hasSuffix("interrupted") == true)
        // Long lines are cut to the width.
        #expect(watch.screen(width: 20).allSatisfy { $0.count <= 20 })
    }

    @Test func theRoundUnderWayHasAProgressLineAnETAAndNodesTheirTraffic() {
        var watch = RunWatch()
        var started = RunEvent(.runStarted, seconds: 0)
        started.settings = ["name": "demo", "rounds": "3"]
        started.placement = ["edge-a": [0, 1], "edge-b": [2]]
        watch.apply(started)
        // Round 1 from 4 s to 10 s: the pace is 6 s a round from the first round's start.
        for e in RunEvent.from(.started(round: 1, invited: [0, 1, 2]), seconds: 4) { watch.apply(e) }
        #expect(watch.current?.round == 1 && watch.current?.invited == 3 && watch.current?.startedAt == 4)
        #expect(watch.progressLine(at: 5) == "round 1/3: 0/3 answered, 1 s in")
        for e in RunEvent.from(.answered(round: 1, client: 1, answer: .result), seconds: 6) { watch.apply(e) }
        for e in RunEvent.from(.answered(round: 1, client: 2, answer: .failed(reason: "lost")), seconds: 7) {
            watch.apply(e)
        }
        #expect(watch.progressLine(at: 8) == "round 1/3: 2/3 answered (1 failed), 4 s in")
        #expect(watch.screen(width: 120, at: 8).contains("now: round 1/3: 2/3 answered (1 failed), 4 s in"))
        var first = RoundRecord(round: 1)
        first.invited = [0, 1, 2]
        first.completed = [0, 1]
        first.failed = [2]
        first.clientBytesDown = [0: 400, 1: 400, 2: 400]
        first.clientBytesUp = [0: 300, 1: 300]
        for e in RunEvent.round(first, seconds: 10) { watch.apply(e) }
        #expect(watch.current == nil && watch.progressLine(at: 11) == nil)
        #expect(watch.etaSeconds == 12)
        // Round 2 under way for 2 s: 12 s left less those 2.
        for e in RunEvent.from(.started(round: 2, invited: [0]), seconds: 11) { watch.apply(e) }
        #expect(watch.etaSeconds(at: 13) == 10)
        #expect(watch.progressLine(at: 13) == "round 2/3: 0/1 answered, 2 s in, about 10 s left")
        // Never below zero when a round runs long.
        #expect(watch.etaSeconds(at: 60) == 0)
        #expect(watch.nodeTraffic["edge-a"]! == (800, 600) && watch.nodeTraffic["edge-b"]! == (400, 0))
        #expect(
            watch.screen(width: 200, at: 13).contains(
                "nodes: edge-a up, 800 B down, 600 B up; edge-b up, 400 B down, 0 B up"))
    }
}
