import Federation
import Foundation
import Testing

@testable import Topology

/// `global_top1_all_domains` on real Fashion-MNIST: three cameras in three domains (original, rotated,
/// inverted), FedBN with its batch norms kept local. The server's test set holds the original domain
/// only and its copy of the batch norms is an average no client runs, so the metric is read from the
/// clients' own models on their own domain's held-out images, every domain counting once.
@Suite(.serialized) struct AllDomainsRunTests {
    static func run(strategy: String) async throws -> RunReport {
        let text = """
            name: all-domains
            seed: 3
            clients: [{group: cams, count: 3}]
            data: {dataset: fashion-mnist, partition: domains, samples_per_client: 120, holdout: 0.2}
            model: {name: resnet8, width: 0.25}
            strategy: \(strategy)
            training: {rounds: 3, batch_size: 32, learning_rate: 0.05, momentum: 0.9}
            evaluation: {every: 3, federated: true, test_samples: 200, metric: global_top1_all_domains}
            """
        let spec = try TopologyReader.parse(text, file: "all-domains.yaml")
        let launcher = RunLauncher(
            plan: try RunPlan(spec), nodeExecutable: URL(fileURLWithPath: "/proc/self/exe"),
            factory: LearningTrainerFactory(),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })
        return try await launcher.run()
    }

    @Test(arguments: ["fedbn", "fedavg"])
    func everyDomainIsMeasuredOnTheClientsOwnModels(strategy: String) async throws {
        let report = try await Self.run(strategy: strategy)
        let h = report.headline()
        #expect(h.metric == "global_top1_all_domains")
        let domains = try #require(h.perDomainTop1)
        #expect(domains.keys.sorted() == ["inverted", "original", "rotated-30"])
        let value = try #require(h.value)
        #expect(abs(value - domains.values.reduce(0, +) / 3) < 1e-9)
        #expect(value > 0 && value <= 1)
        // Each client answered its federated evaluation in the last round: three domains, three clients.
        #expect(report.rounds.last?.clientAccuracy.count == 3)
    }
}
