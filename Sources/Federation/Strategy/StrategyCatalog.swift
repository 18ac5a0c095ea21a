/// Builds strategies from their topology names and numeric options, through ``StrategyRegistry/current``.
/// Each strategy's options, defaults and ranges are in its own ``RegisteredStrategy/descriptor``.
package enum StrategyCatalog {
    /// Every option each available strategy takes, with its default.
    package static var options: [String: [String: Double]] {
        Dictionary(
            StrategyRegistry.current.descriptors.map { ($0.name, $0.defaultOptions) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Names this build can run, sorted.
    package static var available: [String] { StrategyRegistry.current.names.sorted() }

    /// The model widths a strategy wants its clients built at, cycled by client id (``ClientSetup/widthLevels``):
    /// HeteroFL's levels; nil for every other strategy (one width for all) or bad options (``make(name:options:)`` says
    /// why).
    package static func submodelWidths(name: String, options given: [String: Double]) -> [Double]? {
        (try? registered(name: name, options: given))?.clientWidths
    }

    /// The strategy `name` with `options` (e.g. `mu` for FedProx). Unknown names and options fail with
    /// a message listing what exists; bad values fail with the strategy's own message.
    package static func make(name: String, options given: [String: Double]) throws(FederationError) -> any Strategy {
        try registered(name: name, options: given)
    }

    /// ``make(name:options:)`` as the registered type, for its descriptor and setting checks.
    package static func registered(name: String, options given: [String: Double]) throws(FederationError)
        -> any RegisteredStrategy
    {
        guard let type = StrategyRegistry.current.type(named: name) else {
            throw FederationError(
                .invalidSetting,
                "strategy '\(name)' is not available in this build; available: \(available.joined(separator: ", "))")
        }
        return try type.init(options: try StrategyOptions(given, for: type.descriptor))
    }
}
