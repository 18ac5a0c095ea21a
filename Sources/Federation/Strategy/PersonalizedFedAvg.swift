/// FedAvg over the shared parameters only, while each client keeps some groups local:
///
/// - FedPer (Arivazhagan et al., "Federated Learning with Personalization Layers", 2019): the last
///   `k` layers (the head) stay personal; the base layers are averaged.
/// - FedBN (Li et al., "FedBN: Federated Learning on Non-IID Features via Local Batch
///   Normalization", ICLR 2021): every BatchNorm group (`bn…`) stays personal.
///
/// The server names the groups in ``ClientHooks/personalGroups``; each client resolves them against
/// its model's named groups, trains its personal groups on from its own previous values
/// (``ClientAlgorithmState``), and reports the ranges in ``FitResult/personalRanges``. The new global
/// is the sample-weighted mean of all the clients' parameters, personal ranges included: no client
/// ever takes the global's personal part over its own (it only starts from it before its first
/// round), but the server's evaluator tests the global model, and a global whose BatchNorm
/// statistics or head no client ever trained would be at chance on every test set. Clients evaluate
/// their own personalized models (``ClientAlgorithmState/evaluationParameters(global:)``).
/// Models without named groups have no personal ranges: the rule is then FedAvg.
public struct PersonalizedFedAvg: Strategy, Codable {
    public let personal: PersonalGroups

    /// - Throws: ``FederationError`` when FedPer keeps fewer than one layer or FedBN's prefix is empty.
    public init(personal: PersonalGroups) throws(FederationError) {
        switch personal {
        case .lastLayers(let n) where n < 1:
            throw FederationError(.invalidSetting, "FedPer personal_layers is \(n); keep at least 1 final layer local (use fedavg to share everything)")
        case .namePrefix(let p) where p.isEmpty:
            throw FederationError(.invalidSetting, "the personal group prefix is empty; name the groups to keep local (FedBN: \"bn\")")
        default: break
        }
        self.personal = personal
    }

    /// FedPer with the last `layers` layers personal.
    public static func fedPer(personalLayers layers: Int) throws(FederationError) -> PersonalizedFedAvg {
        try PersonalizedFedAvg(personal: .lastLayers(layers))
    }

    /// FedBN: BatchNorm groups personal.
    public static func fedBN() throws(FederationError) -> PersonalizedFedAvg {
        try PersonalizedFedAvg(personal: .namePrefix("bn"))
    }

    public var name: String {
        switch personal {
        case .lastLayers(let n): "FedPer(personal_layers=\(n))"
        case .namePrefix("bn"): "FedBN"
        case .namePrefix(let p): "Personalized(prefix=\(p))"
        }
    }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        uniformInstructions(round: round, global: global, clients: clients, plan: plan, hooks: ClientHooks(personalGroups: personal))
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws -> [Float]? {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        for r in results {
            for range in r.personalRanges ?? [] where range.lowerBound < 0 || range.upperBound > global.count {
                throw FederationError(.invalidUpdate, "client \(r.clientID) names personal range \(range) outside the model's \(global.count) parameters: its model differs from the server's")
            }
        }
        return try WeightedMean.of(results.map { ($0.parameters, Double($0.sampleCount)) }, length: global.count)
    }
}
