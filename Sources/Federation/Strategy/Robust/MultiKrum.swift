/// Multi-Krum (Blanchard et al., NeurIPS 2017): the mean of the `keep` most central results
/// (``KrumSelection``).
public struct MultiKrum: KrumSelection, RegisteredStrategy, Codable {
    package static let descriptor = StrategyDescriptor(
        name: "multikrum",
        options: [
            .byzantine,
            StrategyOption("keep", "most central results averaged", default: 5, kind: .wholeNumber, typical: 1...100),
        ],
        preAggregatable: false)

    public let byzantine: Int
    public let keep: Int

    /// - Throws: when byzantine < 0 or keep < 1.
    public init(byzantine: Int, keep: Int) throws(FederationError) {
        try Self.check(byzantine: byzantine, keep: keep)
        self.byzantine = byzantine
        self.keep = keep
    }

    /// `keep` 0 is taken as 1.
    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(byzantine: try options.count("byzantine"), keep: max(1, try options.count("keep")))
    }

    /// Krum when it keeps one.
    public var name: String { keep == 1 ? "Krum(f=\(byzantine))" : "MultiKrum(f=\(byzantine), m=\(keep))" }
}
