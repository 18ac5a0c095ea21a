/// A topology file's options for one strategy, checked against its ``StrategyDescriptor``: every
/// name given is one the strategy has, and each option reads at its default when not given.
package struct StrategyOptions: Sendable {
    package let descriptor: StrategyDescriptor
    /// The options as the file gives them.
    package let given: [String: Double]

    /// - Throws: ``FederationError`` naming the strategy's options when `given` has one it lacks.
    package init(_ given: [String: Double], for descriptor: StrategyDescriptor) throws(FederationError) {
        for key in given.keys.sorted() where descriptor.option(key) == nil {
            let valid = descriptor.options.map(\.name).sorted()
            throw FederationError(
                .invalidSetting,
                """
                \(descriptor.name) has no option '\(key)'; its options are: \
                \(valid.isEmpty ? "none" : valid.joined(separator: ", "))
                """
            )
        }
        self.descriptor = descriptor
        self.given = given
    }

    /// The option's value: given, or its default (0 for a name the strategy does not have).
    package func value(_ key: String) -> Double { given[key] ?? descriptor.option(key)?.defaultValue ?? 0 }

    /// The option's value as a `Float`.
    package func float(_ key: String) -> Float { Float(value(key)) }

    /// The option's value as a count.
    /// - Throws: ``FederationError`` unless it is a whole number from 0 to under a million.
    package func count(_ key: String) throws(FederationError) -> Int {
        let v = value(key)
        guard v >= 0, v == v.rounded(), v < 1e6 else {
            throw FederationError(
                .invalidSetting, "\(descriptor.name) \(key) is \(v); it must be a whole number, zero or more")
        }
        return Int(v)
    }
}
