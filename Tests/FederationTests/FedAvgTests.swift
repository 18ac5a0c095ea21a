@testable import Federation
import Testing

@Suite struct FedAvgTests {
    func result(_ id: Int, _ params: [Float], samples: Int) -> FitResult {
        FitResult(
            clientID: id, parameters: params, sampleCount: samples, trainLoss: 0, localSteps: 1, flops: 0,
            computeSeconds: 0)
    }

    @Test func averagesBySampleCount() throws {
        // Prepare: (1, 10) with 1 sample and (4, 40) with 3: (1·1 + 4·3)/4 = 3.25, (10 + 120)/4 = 32.5.
        var strategy = try FedAvg()
        // Execute
        let next = try strategy.aggregateFit(
            round: 1, global: [0, 0], results: [result(0, [1, 10], samples: 1), result(1, [4, 40], samples: 3)],
            failures: [])
        // Assert
        #expect(next == [3.25, 32.5])
    }

    @Test func noResultsKeepsTheModelAndBadLengthsAreRefused() throws {
        var strategy = try FedAvg()
        #expect(
            try strategy.aggregateFit(
                round: 1, global: [1], results: [],
                failures: [ClientFailure(clientID: 0, kind: .straggler, reason: "late")]) == nil)
        #expect(throws: FederationError.self) {
            try strategy.aggregateFit(round: 1, global: [1, 2], results: [result(0, [1], samples: 1)], failures: [])
        }
        // Every client reporting 0 samples: the results count equally (no 0/0).
        #expect(
            try strategy.aggregateFit(
                round: 1, global: [1], results: [result(0, [1], samples: 0), result(1, [4], samples: 0)], failures: [])
                == [2.5])
        #expect(throws: FederationError.self) { try WeightedMean.of([([1], -1), ([2], 1)], length: 1) }
        #expect(throws: FederationError.self) { try WeightedMean.of([([1], .infinity)], length: 1) }
        #expect(throws: FederationError.self) { try WeightedMean.of([], length: 1) }
    }

    @Test func fedProxSendsItsMuToClients() throws {
        let strategy = try FedProx(mu: 0.1)
        #expect(strategy.name == "FedProx(mu=0.1)")
        let ins = strategy.configureFit(round: 2, global: [1, 2], clients: [4, 7], plan: LocalPlan(seed: 9))
        #expect(ins[4]?.hooks.proximalMu == 0.1)
        #expect(ins[7]?.parameters == [1, 2])
        #expect(ins[4]?.plan.seed != ins[7]?.plan.seed)
        #expect(throws: FederationError.self) { try FedProx(mu: -1) }
    }

    @Test func catalogBuildsByNameAndRefusesUnknownOptions() throws {
        #expect(try StrategyCatalog.make(name: "fedavg", options: [:]).name == "FedAvg")
        #expect(try StrategyCatalog.make(name: "fedprox", options: ["mu": 0.5]).name == "FedProx(mu=0.5)")
        do {
            _ = try StrategyCatalog.make(name: "fedavg", options: ["mu": 1])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("no option 'mu'"))
        }
        #expect(throws: FederationError.self) { try StrategyCatalog.make(name: "nonsense", options: [:]) }
    }
}
