import ActorMesh
@testable import Federation
import Testing

/// Max-min sharing on cases worked by hand (bytes and bytes per second chosen so the answers are round).
@Suite struct FlowSimulationTests {
    typealias Flow = FlowSimulation.Flow

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
    }

    @Test func twoFlowsOnOneLinkShareItEqually() {
        // 10 B/s for two: 5 each, 100 bytes each: 20 s.
        let sim = FlowSimulation(capacities: [10])
        let t = sim.transferSeconds([
            Flow(start: 0, bytes: 100, ceiling: .infinity, links: [0]),
            Flow(start: 0, bytes: 100, ceiling: .infinity, links: [0]),
        ])
        #expect(Self.close(t, [20, 20]))
    }

    @Test func oneFlowCrossingTwoLinksGoesAtTheNarrowerOne() {
        // Links of 10 and 4 B/s in a row: 4 B/s, 100 bytes: 25 s.
        let t = FlowSimulation(capacities: [10, 4]).transferSeconds([
            Flow(start: 0, bytes: 100, ceiling: .infinity, links: [0, 1])
        ])
        #expect(Self.close(t, [25]))
    }

    @Test func aFlowStartingAndEndingMidTransferSlowsTheOtherOnlyMeanwhile() {
        // A (100 B) alone at 10 B/s for 5 s: 50 B left. B (30 B) joins at 5: 5 B/s each, B done at
        // 11 (6 s), A has 20 B left, alone again at 10 B/s: done at 13.
        let t = FlowSimulation(capacities: [10]).transferSeconds([
            Flow(start: 0, bytes: 100, ceiling: .infinity, links: [0]),
            Flow(start: 5, bytes: 30, ceiling: .infinity, links: [0]),
        ])
        #expect(Self.close(t, [13, 6]))
    }

    @Test func aFlowHeldByItsOwnLinkLeavesTheRestToTheOthers() {
        // A's last mile is 2 B/s: A gets 2, B the 8 left of the 10 B/s link.
        let t = FlowSimulation(capacities: [10]).transferSeconds([
            Flow(start: 0, bytes: 20, ceiling: 2, links: [0]),
            Flow(start: 0, bytes: 80, ceiling: .infinity, links: [0]),
        ])
        #expect(Self.close(t, [10, 10]))
    }

    @Test func maxMinAcrossTwoBottlenecks() {
        // L0 (10 B/s) carries A and B, L1 (4 B/s) carries B and C: B and C get 2 each (L1 fills
        // first), A the 8 left on L0. 80 B at 8, 20 B at 2, 20 B at 2: all 10 s.
        let t = FlowSimulation(capacities: [10, 4]).transferSeconds([
            Flow(start: 0, bytes: 80, ceiling: .infinity, links: [0]),
            Flow(start: 0, bytes: 20, ceiling: .infinity, links: [0, 1]),
            Flow(start: 0, bytes: 20, ceiling: .infinity, links: [1]),
        ])
        #expect(Self.close(t, [10, 10, 10]))
    }

    @Test func unlimitedLinksKeepEachFlowsClosedFormExactly() {
        // No limit on the shared link: every flow is its own bytes / ceiling, to the last bit, however
        // the others start and end around it.
        let flows = (0..<20).map { i in
            Flow(
                start: Double(i) * 0.37, bytes: Double(1000 + 7919 * i), ceiling: 1.3e5 + Double(i) * 977.1, links: [0])
        }
        let t = FlowSimulation(capacities: [.infinity]).transferSeconds(flows)
        #expect(t == flows.map { $0.bytes / $0.ceiling })
    }

    @Test func zeroBytesAndNoLimitTakeNoTime() {
        let t = FlowSimulation(capacities: [.infinity]).transferSeconds([
            Flow(start: 3, bytes: 0, ceiling: 5, links: [0]),
            Flow(start: 1, bytes: 50, ceiling: .infinity, links: [0]),
        ])
        #expect(t == [0, 0])
    }

    @Test func aFullLinkIsNeverIdleWhileFlowsWait() {
        // All start together on one 1,000 B/s link: the last ends when every byte has crossed it.
        var rng = SplitMix64(seed: 7)
        let flows = (0..<50).map { _ in
            Flow(start: 0, bytes: Double(rng.next() % 10_000 + 1), ceiling: .infinity, links: [0])
        }
        let t = FlowSimulation(capacities: [1000]).transferSeconds(flows)
        let total = flows.reduce(0) { $0 + $1.bytes } / 1000
        #expect(abs((t.max() ?? 0) - total) <= 1e-9 * total)
        // A smaller flow never finishes after a larger one that started with it.
        for i in flows.indices {
            for j in flows.indices where flows[i].bytes < flows[j].bytes { #expect(t[i] <= t[j]) }
        }
    }

    @Test func sameFlowsSameTimesWhateverTheirOrder() {
        // Deterministic for a seed: the same draw gives the same times, and listing the flows in
        // another order gives each flow the same time.
        func draw(_ seed: UInt64) -> [Flow] {
            var rng = SplitMix64(seed: seed)
            return (0..<40).map { _ in
                Flow(
                    start: Double(rng.next() % 100) / 10, bytes: Double(rng.next() % 50_000 + 1),
                    ceiling: Double(rng.next() % 3000 + 200), links: rng.next() % 2 == 0 ? [0] : [0, 1])
            }
        }
        let sim = FlowSimulation(capacities: [5000, 1500])
        let flows = draw(42)
        let once = sim.transferSeconds(flows)
        #expect(once == sim.transferSeconds(draw(42)))
        let order = Array(flows.indices.reversed())
        let reversed = sim.transferSeconds(order.map { flows[$0] })
        #expect(order.enumerated().allSatisfy { reversed[$0.offset] == once[$0.element] })
        #expect(once != sim.transferSeconds(draw(43)))
    }

    @Test func thousandsOfFlowsWithTheirOwnCeilingsShareALink() {
        // 2,000 flows of 1,000 bytes with ceilings 1…2000 B/s. On a 10,000,000 B/s link, which their
        // ceilings (2,001,000 B/s in all) never fill, each takes exactly bytes / ceiling. On a
        // 100,000 B/s link the slow ones (below the fair share, about 51 B/s) still get their own
        // ceilings, max-min, and no flow is faster than on the wide link.
        let flows = (1...2000).map { Flow(start: 0, bytes: 1000, ceiling: Double($0), links: [0]) }
        let wide = FlowSimulation(capacities: [1e7]).transferSeconds(flows)
        #expect(wide == flows.map { $0.bytes / $0.ceiling })
        let narrow = FlowSimulation(capacities: [1e5]).transferSeconds(flows)
        #expect(narrow[0] == 1000 && narrow[9] == 100)
        #expect(zip(narrow, wide).allSatisfy { $0 >= $1 * (1 - 1e-12) })
    }
}
