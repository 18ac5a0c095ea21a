import Federation
import Testing

/// Runs `strategy` for `rounds` on the clients of ServerLoopTests' fixed-point test — targets 1, 2 and 6
/// with 10, 10 and 20 samples, so with batch 10 and lr ½ they take 1, 1 and 2 local steps (FedAvg
/// settles at 4.2 there) — and returns the final one-coordinate model.
func finalModelOnDriftingClients(_ strategy: any Strategy, rounds: Int) async throws -> Float {
    let federation = try LocalFederation([
        (QuadraticTrainer(target: [1], samples: 10), ClientProfile()),
        (QuadraticTrainer(target: [2], samples: 10), ClientProfile()),
        (QuadraticTrainer(target: [6], samples: 20), ClientProfile()),
    ])
    defer { federation.shutdown() }
    let server = try FederatedServer(
        system: federation.server, clients: federation.clients, strategy: strategy, initialParameters: [0],
        evaluator: nil,
        config: ServerConfig(rounds: rounds, plan: LocalPlan(epochs: 1, batchSize: 10, learningRate: 0.5)))
    _ = try await server.run()
    return try #require(await server.parameters.first)
}
