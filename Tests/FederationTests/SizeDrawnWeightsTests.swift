import Federation
import Testing

/// Clients drawn in proportion to their size are averaged with equal weights (what the catalog's
/// by_size card promises: "sampled with probability proportional to their number of samples and then
/// averaged uniformly"); after a uniform draw FedAvg keeps its sample weights.
@Suite struct SizeDrawnWeightsTests {
    /// The global model after one round of FedAvg in which both clients take part (fraction 1) and each
    /// moves all the way to its target (one step of learning rate 1): targets 0 and 10, with 10 and 90
    /// samples.
    static func afterOneRound(_ sampling: ParticipationPolicy.Sampling) async throws -> Float {
        let federation = try LocalFederation([
            (QuadraticTrainer(target: [0], samples: 10), ClientProfile()),
            (QuadraticTrainer(target: [10], samples: 90), ClientProfile()),
        ])
        defer { federation.shutdown() }
        let config = ServerConfig(
            rounds: 1, participation: ParticipationPolicy(sampling: sampling),
            plan: LocalPlan(epochs: 1, batchSize: 1000, learningRate: 1))
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: try FedAvg(), initialParameters: [5],
            evaluator: nil, config: config)
        _ = try await server.run()
        return try #require(await server.parameters.first)
    }

    @Test func aUniformDrawKeepsTheSampleWeightedMean() async throws {
        // (10·0 + 90·10) / 100
        #expect(abs(try await Self.afterOneRound(.uniform) - 9) < 1e-4)
    }

    @Test func aDrawBySizeAveragesTheDrawnClientsEqually() async throws {
        #expect(abs(try await Self.afterOneRound(.bySize) - 5) < 1e-4)
        #expect(abs(try await Self.afterOneRound(.powerOfChoice(candidates: 2)) - 5) < 1e-4)
    }

    @Test func equalWeightsKeepAnEmptyClientAtZero() {
        func result(_ id: Int, _ samples: Int) -> FitResult {
            FitResult(
                clientID: id, parameters: [1], sampleCount: samples, trainLoss: 0, localSteps: 1, flops: 0,
                computeSeconds: 0)
        }
        let results = [result(0, 0), result(1, 7), result(2, 7000)]
        #expect(ParticipationPolicy.Sampling.bySize.weighedForAggregation(results).map(\.sampleCount) == [0, 1, 1])
        #expect(ParticipationPolicy.Sampling.uniform.weighedForAggregation(results) == results)
        #expect(!ParticipationPolicy.Sampling.uniform.drawsBySize)
    }
}
