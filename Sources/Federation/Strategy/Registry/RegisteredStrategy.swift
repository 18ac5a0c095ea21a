/// A strategy that a topology file can name: it carries its own ``StrategyDescriptor``, builds itself
/// from a file's options, and says what in a run's setting it cannot work with.
///
/// List the type in ``StrategyRegistry/standard`` (or add it to a registry with
/// ``StrategyRegistry/adding(_:)``) and the catalog, `fedactors validate`, the vocabulary and the
/// agents know it.
package protocol RegisteredStrategy: Strategy {
    /// The strategy's name, options and needs.
    static var descriptor: StrategyDescriptor { get }

    /// The strategy with a topology file's options (unknown names are refused before this is called;
    /// `options` answers each option, at its default when the file does not set it).
    /// - Throws: ``FederationError`` (`invalidSetting`) when a value is out of range, saying what fits.
    init(options: StrategyOptions) throws(FederationError)

    /// What in `setting` would keep the strategy from doing what it is for, found before any node
    /// starts (e.g. Krum with fewer results per round than it needs). The default finds nothing.
    func problems(in setting: StrategySetting) -> [SettingProblem]

    /// The model widths the clients should be built at, cycled by client id (HeteroFL's levels);
    /// nil (the default): one width for all.
    var clientWidths: [Double]? { get }
}

extension RegisteredStrategy {
    package func problems(in setting: StrategySetting) -> [SettingProblem] { [] }

    package var clientWidths: [Double]? { nil }

    /// The descriptor of this strategy's type.
    package var descriptor: StrategyDescriptor { Self.descriptor }
}
