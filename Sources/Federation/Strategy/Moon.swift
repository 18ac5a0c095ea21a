/// MOON (Li, He and Song, "Model-Contrastive Federated Learning", CVPR 2021): each client adds
/// μ·ℓ_con to its loss, a contrastive term that pulls the representation of its local model towards
/// the global model's and away from its own previous local model's (``ModelContrastiveLoss``; the
/// representation is the input of the model's last layer, ``RepresentationModel``). The server rule is
/// FedAvg's sample-weighted mean.
///
/// Clients keep their previous local model between rounds (one model copy per client); before a
/// client's first MOON round the previous model is the global one, so the term is constant then.
public struct Moon: RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "moon",
        options: [
            StrategyOption("mu", "weight of the contrastive term", default: 1, typical: 0.01...10),
            StrategyOption("temperature", "temperature of the contrastive term", default: 0.5, typical: 0.05...1),
        ],
        needs: [.perClientState, .modelDepth], preAggregatable: true, fallback: "fedprox")

    /// μ, the weight of the contrastive term (the paper tries 0.1 to 10; 1 and 5 do well).
    public let mu: Float
    /// τ, the temperature of the contrastive term (the paper uses 0.5).
    public let temperature: Float

    /// - Throws: ``FederationError`` when μ or τ is not positive.
    public init(mu: Float = 1, temperature: Float = 0.5) throws(FederationError) {
        guard mu > 0, mu.isFinite else {
            throw FederationError(
                .invalidSetting, "MOON mu is \(mu); it must be positive (0.1 to 10; with 0 MOON is FedAvg: use fedavg)")
        }
        guard temperature > 0, temperature.isFinite else {
            throw FederationError(
                .invalidSetting, "MOON temperature is \(temperature); it must be positive (the paper uses 0.5)")
        }
        self.mu = mu
        self.temperature = temperature
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(mu: options.float("mu"), temperature: options.float("temperature"))
    }

    public var name: String { "MOON(mu=\(mu), temperature=\(temperature))" }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        uniformInstructions(
            round: round, global: global, clients: clients, plan: plan,
            hooks: ClientHooks(contrastive: ContrastiveSettings(mu: mu, temperature: temperature)))
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        return try WeightedMean.ofModels(results, length: global.count)
    }

    /// The contrastive term needs a representation the model learns.
    package func problems(in setting: StrategySetting) -> [SettingProblem] {
        guard let fit = setting.fit, !fit.hasLearnedRepresentation else { return [] }
        let usable = LearningTrainerFactory.models.filter {
            (try? ModelFit(model: $0, width: 1, dataset: setting.dataset))?.hasLearnedRepresentation == true
        }
        return [
            SettingProblem(
                "strategy",
                """
                moon's contrastive term acts on the representation the model's last layer reads, and \(setting.model) \
                learns none (its last layer reads the raw input): use a model with a hidden layer that fits \
                \(setting.dataset) (\(usable.joined(separator: ", "))) or another strategy
                """,
                near: ["model"])
        ]
    }
}
