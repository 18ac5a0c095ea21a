/// FedAvg over the shared parameters only, while each client keeps some groups local (FedPer: the
/// last layers; FedBN: the BatchNorm groups).
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
/// Public with the strategies built on it; the registry entry (``RegisteredStrategy``) is each strategy's own.
public protocol PersonalizedAggregation: Strategy {
    /// The groups each client keeps local.
    var personal: PersonalGroups { get }
}

extension PersonalizedAggregation {
    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        uniformInstructions(
            round: round, global: global, clients: clients, plan: plan, hooks: ClientHooks(personalGroups: personal))
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        try Aggregation.check(results, length: global.count)
        for r in results {
            for range in r.personalRanges ?? [] where range.lowerBound < 0 || range.upperBound > global.count {
                throw FederationError(
                    .invalidUpdate,
                    """
                    client \(r.clientID) names personal range \(range) outside the model's \(global.count) \
                    parameters: its model differs from the server's
                    """
                )
            }
        }
        return try WeightedMean.ofModels(results, length: global.count)
    }
}
