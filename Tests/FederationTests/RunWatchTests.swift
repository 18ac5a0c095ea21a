import ActorMesh
import Federation
import Testing

/// The watch's view of a run, from its events.
@Suite struct RunWatchTests {
    @Test func eventsBecomeLinesAViewAndAnETA() {
        var watch = RunWatch()
        var started = RunEvent(.runStarted, seconds: 0)
        started.settings = ["name": "demo", "clients": "4", "strategy": "fedavg", "model": "2nn", "dataset": "fashion-mnist", "rounds": "4"]
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
        #expect(lines == ["round 1/4: 2/3 done, 1 straggled, accuracy 0.5000, 2.00 MB down, 1.00 MB up so far, about 30 s left"])
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
}
