import ActorMesh
import Testing

@Suite struct FaultInjectorTests {
    @Test func noFaultsDeliversEverything() {
        var injector = FaultInjector()
        for i in 0..<100 { #expect(injector.decide(peer: "p", bytes: i, now: .zero) == .deliver) }
    }

    @Test func dropRateMatchesProbabilityAndSeedReproduces() {
        let plan = FaultPlan(defaultLink: LinkFaults(dropProbability: 0.3), seed: 11)
        var first = FaultInjector(plan: plan), second = FaultInjector(plan: plan)
        let a = (0..<10_000).map { _ in first.decide(peer: "p", bytes: 1, now: .zero) }
        let b = (0..<10_000).map { _ in second.decide(peer: "p", bytes: 1, now: .zero) }
        #expect(a == b)
        let dropped = a.filter { $0 == .drop }.count
        #expect((2_700...3_300).contains(dropped))
    }

    @Test func bandwidthSerializesMessagesOnALink() {
        // 1,000 bytes/s, 10 ms extra latency: three 500-byte messages at t=0 finish at 0.5, 1.0, 1.5 s.
        let link = LinkFaults(delay: .milliseconds(10), bandwidthBytesPerSecond: 1000)
        var injector = FaultInjector(plan: FaultPlan(links: ["slow": link]))
        #expect(injector.decide(peer: "slow", bytes: 500, now: .zero) == .delay(.milliseconds(510)))
        #expect(injector.decide(peer: "slow", bytes: 500, now: .zero) == .delay(.milliseconds(1010)))
        #expect(injector.decide(peer: "slow", bytes: 500, now: .seconds(1)) == .delay(.milliseconds(510)))
        // Another link is unaffected; a link that went idle starts fresh.
        #expect(injector.decide(peer: "fast", bytes: 500, now: .zero) == .deliver)
        #expect(injector.decide(peer: "slow", bytes: 1000, now: .seconds(10)) == .delay(.milliseconds(1010)))
    }

    @Test func badSettingsAreRefusedWithTheSettingNamed() {
        #expect(throws: MeshError.self) { try LinkFaults(dropProbability: 1.5).validated() }
        #expect(throws: MeshError.self) { try LinkFaults(bandwidthBytesPerSecond: 0).validated() }
        #expect(throws: MeshError.self) { try LinkFaults(delay: .milliseconds(-1)).validated() }
        do {
            _ = try LinkFaults(dropProbability: -0.1).validated()
        } catch {
            #expect(error.message.contains("dropProbability"))
        }
    }
}
