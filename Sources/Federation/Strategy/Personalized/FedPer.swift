/// FedPer (Arivazhagan et al., "Federated Learning with Personalization Layers", 2019): the last `k`
/// layers (the head) stay personal; the base layers are averaged (``PersonalizedAggregation``).
public struct FedPer: PersonalizedAggregation, RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "fedper",
        options: [
            StrategyOption(
                "personal_layers", "final layers each client keeps local", default: 1, kind: .wholeNumber,
                typical: 1...3)
        ],
        needs: [.perClientState, .personalization, .modelDepth], preAggregatable: false)

    /// How many final layers stay personal (at least 1).
    public let personalLayers: Int

    /// - Throws: ``FederationError`` when fewer than one layer would stay local.
    public init(personalLayers: Int) throws(FederationError) {
        guard personalLayers >= 1 else {
            throw FederationError(
                .invalidSetting,
                """
                FedPer personal_layers is \(personalLayers); keep at least 1 final layer local (use fedavg to share \
                everything)
                """
            )
        }
        self.personalLayers = personalLayers
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(personalLayers: try options.count("personal_layers"))
    }

    public var personal: PersonalGroups { .lastLayers(personalLayers) }

    public var name: String { "FedPer(personal_layers=\(personalLayers))" }

    /// Keeping every layer local would share nothing.
    package func problems(in setting: StrategySetting) -> [SettingProblem] {
        guard let fit = setting.fit, fit.layerCount > 0, personalLayers >= fit.layerCount else { return [] }
        let n = personalLayers, layers = fit.layerCount
        return [
            SettingProblem(
                "strategy.personal_layers",
                "fedper with personal_layers \(n) keeps every one of \(setting.model)'s \(layers) layer\(layers == 1 ? "" : "s") local, so the clients would share nothing: "
                    + (layers > 1
                        ? "keep at most \(layers - 1) local" : "use fedavg, or a model with more layers (2nn, cnn)"),
                near: ["strategy"])
        ]
    }
}
