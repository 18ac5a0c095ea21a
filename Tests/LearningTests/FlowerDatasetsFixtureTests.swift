import Foundation
import Testing
@testable import Learning

/// FedActors' `flower_dirichlet` against flwr-datasets' own `DirichletPartitioner` output over the
/// Fashion-MNIST training labels. The fixture was written by scripts/dev/flower-dirichlet-fixture.py
/// with the flwr-datasets release it names (sizes, first index and an FNV-1a digest of every client's
/// indices in order); rerun the script with a newer release to check that one.
@Suite struct FlowerDatasetsFixtureTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var clients: Int
            var alpha: Double
            var min_partition_size: Int
            var self_balancing: Bool
            var seed: UInt64
            var sizes: [Int]
            var first: [Int]
            var digest: String
        }
        var flwr_datasets: String
        var cases: [Case]
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/flower-dirichlet.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test func everyCaseIsTheSplitFlwrDatasetsMakes() throws {
        let labels = try #require(FlowerDirichletTests.fashionLabels)
        let fixture = try Self.fixture()
        #expect(fixture.cases.count >= 8)
        for c in fixture.cases {
            let split = try FlowerDirichlet(
                alpha: c.alpha, minimumPerClient: c.min_partition_size, selfBalancing: c.self_balancing
            )
            .split(labels: labels, clients: c.clients, seed: c.seed)
            let name =
                """
                \(c.clients) clients, alpha \(c.alpha), seed \(c.seed), self_balancing \(c.self_balancing) \
                (flwr-datasets \(fixture.flwr_datasets))
                """
            #expect(split.map(\.count) == c.sizes, "sizes: \(name)")
            #expect(split.map { $0.first ?? -1 } == c.first, "first indices: \(name)")
            #expect(String(FlowerDirichletTests.digest(split), radix: 16).leftPaddedHex == c.digest, "digest: \(name)")
        }
    }

    @Test func theOlderClassOrderIsNotTheCurrentSplit() throws {
        // Same draws, other classes get them: sizes match, memberships do not.
        let labels = try #require(FlowerDirichletTests.fashionLabels)
        let c = try #require(try Self.fixture().cases.first)
        let old = try FlowerDirichlet(
            alpha: c.alpha, minimumPerClient: c.min_partition_size, selfBalancing: c.self_balancing,
            classOrder: .firstAppearance
        ).split(labels: labels, clients: c.clients, seed: c.seed)
        #expect(String(FlowerDirichletTests.digest(old), radix: 16).leftPaddedHex != c.digest)
        #expect(old.map { $0.first ?? -1 } != c.first)
    }
}

extension String {
    /// A hexadecimal digest written with 16 digits, as the fixture stores it.
    fileprivate var leftPaddedHex: String { String(repeating: "0", count: max(0, 16 - count)) + self }
}
