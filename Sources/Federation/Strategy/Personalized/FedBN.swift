/// FedBN (Li et al., "FedBN: Federated Learning on Non-IID Features via Local Batch Normalization",
/// ICLR 2021): every BatchNorm group (`bn…`) stays personal (``PersonalizedAggregation``).
public struct FedBN: PersonalizedAggregation, RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "fedbn", needs: [.perClientState, .personalization], preAggregatable: false)

    public init() {}

    package init(options: StrategyOptions) throws(FederationError) { self.init() }

    public var personal: PersonalGroups { .namePrefix("bn") }

    public var name: String { "FedBN" }
}
