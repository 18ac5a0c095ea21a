import Foundation
import Testing
@testable import Topology

@Suite struct TopologyValidationTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var shipped: [String] {
        let dir = repoRoot.appendingPathComponent("Topologies")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    static var broken: [String] {
        guard let dir = Bundle.module.url(forResource: "Broken", withExtension: nil) else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    @Test func thereAreShippedAndBrokenTopologies() {
        #expect(Self.shipped.count >= 6)
        #expect(Self.broken.count >= 20)
    }

    @Test(arguments: shipped)
    func shippedTopologyValidates(file: String) throws {
        let spec = try TopologyReader.load(path: Self.repoRoot.appendingPathComponent("Topologies/\(file)").path)
        #expect(spec.clientCount >= 3)
        #expect(spec.name + ".yaml" == file)
        // Loading ran the cross-field checks (spec.problems()) too: everything it names runs together.
    }

    /// Each broken file starts with `# expect: <line>:<column>: <field>: <start of the message>`.
    @Test(arguments: broken)
    func brokenTopologyIsRefusedWithItsLocatedMessage(file: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Broken/\(file)", withExtension: nil))
        let text = try String(contentsOf: url, encoding: .utf8)
        let expectation = try #require(text.split(separator: "\n").first?.dropFirst("# expect: ".count)).description
        do {
            _ = try TopologyReader.parse(text, file: file)
            Issue.record("\(file) validated but should not")
        } catch let error as TopologyError {
            let printed = error.issues.map {
                "\($0.line):\($0.column): \($0.field.isEmpty ? "(top level)" : $0.field): \($0.message)"
            }
            #expect(printed.contains { $0.hasPrefix(expectation) }, "expected '\(expectation)', got:\n\(error)")
            #expect(error.description.contains("\(file):"))
        }
    }

    @Test func everyIssueIsReportedNotJustTheFirst() {
        let text = """
            name: x
            clients:
              - {group: a, count: 0}
            data: {dataset: fashion-mnist, partition: iid}
            model: 2nnn
            strategy: fedavg
            training: {rounds: -1}
            """
        do {
            _ = try TopologyReader.parse(text)
            Issue.record("should not validate")
        } catch let error as TopologyError {
            #expect(error.issues.map(\.field) == ["clients[0].count", "model", "training.rounds"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aThousandClientsTakeAFewLines() throws {
        let spec = try TopologyReader.load(
            path: Self.repoRoot.appendingPathComponent("Topologies/scale-1000.yaml").path)
        #expect(spec.clientCount == 1000)
        #expect(spec.participation.fraction == 0.1)
        let lines = try String(
            contentsOf: Self.repoRoot.appendingPathComponent("Topologies/scale-1000.yaml"), encoding: .utf8
        ).split(separator: "\n").count
        #expect(lines < 30)
    }

    @Test func flowerDirichletReadsItsSettingsAndAPartitionSeed() throws {
        let spec = try TopologyReader.parse(
            """
            name: x
            seed: 7
            clients: [{group: a, count: 3}]
            data: {dataset: fashion-mnist, partition: {kind: flower_dirichlet, alpha: 0.3, min_partition_size: 0, \
            self_balancing: true, first_appearance_order: true, seed: 42}}
            model: 2nn
            strategy: fedavg
            participation: {fraction: 0.3, round: floor}
            """, file: "x.yaml")
        #expect(
            spec.data.partition
                == PartitionSpec(
                    kind: "flower_dirichlet",
                    settings: [
                        "alpha": 0.3, "min_partition_size": 0, "self_balancing": 1, "first_appearance_order": 1,
                        "seed": 42,
                    ], quantitySkew: nil))
        #expect(spec.participation.rounding == .floor)
        do {
            _ = try TopologyReader.parse(
                """
                name: x
                clients: [{group: a, count: 3}]
                data: {dataset: fashion-mnist, partition: {kind: flower_dirichlet, alpha: 0.5, first_appearance_order: \
                maybe}}
                model: 2nn
                strategy: fedavg
                participation: {round: nearest}
                """, file: "z.yaml")
            Issue.record("a non-boolean first_appearance_order and an unknown rounding were accepted")
        } catch let error as TopologyError {
            #expect(error.issues.count == 2, "\(error)")
            #expect(error.description.contains("first_appearance_order"))
            #expect(error.description.contains("ceil"))
        }
        let shipped = try TopologyReader.load(
            path: Self.repoRoot.appendingPathComponent("Topologies/flower-comparison.yaml").path)
        #expect(
            shipped.data.partition
                == PartitionSpec(kind: "flower_dirichlet", settings: ["alpha": 0.5], quantitySkew: nil))
        do {
            _ = try TopologyReader.parse(
                """
                name: x
                clients: [{group: a, count: 3}]
                data: {dataset: fashion-mnist, partition: {kind: flower_dirichlet, seed: -1}}
                model: 2nn
                strategy: fedavg
                """, file: "y.yaml")
            Issue.record("a negative partition seed and a missing alpha were accepted")
        } catch let error as TopologyError {
            #expect(error.issues.map(\.field).sorted() == ["data.partition.alpha", "data.partition.seed"])
        }
    }

    @Test func crossDeviceSpecReadsEverySection() throws {
        let spec = try TopologyReader.load(
            path: Self.repoRoot.appendingPathComponent("Topologies/cross-device-15.yaml").path)
        #expect(spec.hosts.map(\.name) == ["phones-a", "phones-b"])
        #expect(spec.serverBind == "tcp://127.0.0.1:0")
        #expect(spec.clientGroups.map(\.count) == [8, 7])
        #expect(spec.clientGroups[1].hosts == ["phones-b"])
        #expect(spec.clientGroups[0].flopsPerSecond == .logNormal(median: 4e9, sigma: 0.4))
        #expect(spec.clientGroups[1].downMbps == .uniform(low: 2, high: 20))
        #expect(spec.data.partition == PartitionSpec(kind: "dirichlet", settings: ["alpha": 0.5], quantitySkew: nil))
        #expect(spec.participation.fraction == 0.3)
        #expect(spec.participation.overcommit == 0.3)
        #expect(spec.deadlineSeconds == 12)
        #expect(spec.rounds == 10)
        #expect(spec.training.learningRate == 0.05)
        #expect(spec.report.html == "runs/cross-device-15.html")
    }
}
