/// Krum (Blanchard et al., NeurIPS 2017): the one most central result becomes the model (``KrumSelection``).
public struct Krum: KrumSelection, RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(name: "krum", options: [.byzantine], preAggregatable: false)

    public let byzantine: Int
    public var keep: Int { 1 }

    /// - Throws: when byzantine < 0.
    public init(byzantine: Int) throws(FederationError) {
        try Self.check(byzantine: byzantine, keep: 1)
        self.byzantine = byzantine
    }

    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(byzantine: try options.count("byzantine"))
    }

    public var name: String { "Krum(f=\(byzantine))" }
}
