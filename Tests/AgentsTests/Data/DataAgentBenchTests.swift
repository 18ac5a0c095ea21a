import Foundation
import Learning
import Testing

@testable import Agents

/// The FedAgentBench-style suite: generated environments with ground truth, the data stages' success
/// per stage. In CI: 24 environments of 60 samples per client. With DATA_AGENT_BENCH=full: 200
/// environments of 200 samples per client (Benchmarks/Results/DataAgentBench.txt).
@Suite struct DataAgentBenchTests {
    static var full: Bool { ProcessInfo.processInfo.environment["DATA_AGENT_BENCH"] == "full" }

    @Test func everyStageSucceedsOnAtLeast95PercentOffline() throws {
        let (count, samples) = Self.full ? (200, 200) : (24, 60)
        let environments = DataBenchEnvironment.generate(count: count, seed: 2026, samplesPerClient: samples)
        let images = try FashionMNIST.load().train
        let sensors = try SyntheticSensors.generate(users: 20, seed: 1).train

        let score = try DataAgentBench.score(environments, images: images, sensors: sensors)

        print("data-agent bench: \(count) environments, \(samples) samples per client\n" + score.table())
        for miss in score.description.misses + score.selection.misses + score.cleaning.misses
            + score.harmonization.misses
        {
            print("  miss: \(miss)")
        }
        #expect(environments.count >= 20)
        for stage in [score.description, score.selection, score.cleaning, score.harmonization] {
            #expect(stage.items > 0 && stage.rate >= 0.95)
        }
    }

    @Test func environmentsCoverEveryKindOfMess() {
        let environments = DataBenchEnvironment.generate(count: 24, seed: 2026, samplesPerClient: 60)

        #expect(Set(environments.flatMap(\.spec.vocabularies)) == Set(LabelStyle.allCases))
        #expect(environments.contains { $0.spec.sensorClients > 0 })
        #expect(environments.contains { $0.spec.excludedClassClients > 0 })
        #expect(environments.allSatisfy { $0.spec.problem(totalClients: $0.clients) == nil })
    }
}
