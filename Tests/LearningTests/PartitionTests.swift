import Testing
@testable import Learning

@Suite struct PartitionTests {
    let labels: [Int32] = (0..<5000).map { Int32($0 % 10) }

    func assertExactlyOnce(_ p: Partition, count: Int) {
        let all = p.clientIndices.flatMap { $0 }
        #expect(all.count == count)
        #expect(Set(all).count == count)
    }

    @Test func iidAssignsEachSampleOnceAndReproduces() throws {
        let a = try Partition.iid(indices: Array(0..<5000), clients: 7, seed: 1)
        assertExactlyOnce(a, count: 5000)
        #expect(a == (try Partition.iid(indices: Array(0..<5000), clients: 7, seed: 1)))
        #expect(a != (try Partition.iid(indices: Array(0..<5000), clients: 7, seed: 2)))
        #expect(Set(a.clientIndices.map(\.count)).isSubset(of: [714, 715]))
    }

    @Test func dirichletInvariantsAndSkew() throws {
        let skewed = try Partition.dirichlet(labels: labels, classCount: 10, clients: 20, alpha: 0.1, seed: 5)
        let mild = try Partition.dirichlet(labels: labels, classCount: 10, clients: 20, alpha: 100, seed: 5)
        assertExactlyOnce(skewed, count: 5000)
        assertExactlyOnce(mild, count: 5000)
        #expect(skewed == (try Partition.dirichlet(labels: labels, classCount: 10, clients: 20, alpha: 0.1, seed: 5)))
        let s = skewed.summary(labels: labels, classCount: 10).meanDominantClassFraction
        let m = mild.summary(labels: labels, classCount: 10).meanDominantClassFraction
        #expect(s > m + 0.2, "skew α=0.1: \(s), α=100: \(m)")
    }

    @Test func rejectsBadSettings() {
        #expect(throws: PartitionError.self) { try Partition.dirichlet(labels: labels, classCount: 10, clients: 4, alpha: 0, seed: 1) }
        #expect(throws: PartitionError.self) { try Partition.iid(indices: [1, 2], clients: 3, seed: 1) }
    }
}
