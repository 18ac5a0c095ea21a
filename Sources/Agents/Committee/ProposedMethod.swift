/// A whole method a committee reviewer proposes, as the build assembles it: one strategy card of the
/// catalog, the add-on cards that go with it (a small-loss filter, local fine-tuning, a client
/// selection, a compression, replay or EWC…), and option values that replace the cards' defaults.
///
/// Its ``id`` names the cards joined by ` + ` (`fedavg + small-loss-filter`); two proposals are the
/// same method when strategy, add-ons and options are equal.
package struct ProposedMethod: Codable, Sendable, Equatable, Hashable {
    /// The strategy card's id, one of the strategies this build runs.
    package var strategy: String
    /// The add-on cards' ids, at most one per kind, in ``MethodCard/Kind`` order.
    package var addOns: [String]
    /// Option values by the cards' hyper-parameter names (`mu`, `drop_fraction`); empty: every
    /// card at its defaults.
    package var options: [String: Double]

    package init(strategy: String, addOns: [String] = [], options: [String: Double] = [:]) {
        self.strategy = strategy
        self.addOns = addOns
        self.options = options
    }

    /// The cards' ids joined by ` + `, strategy first.
    package var id: String { ([strategy] + addOns).joined(separator: " + ") }

    /// The id with the option values it sets, as the console and the transcript show it.
    package var text: String {
        guard !options.isEmpty else { return id }
        let values = options.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.format($0.value))" }
        return "\(id) (\(values.joined(separator: ", ")))"
    }

    /// The method in a file name: the ids joined by `+` (`fedavg+small-loss-filter`).
    package var slug: String { ([strategy] + addOns).joined(separator: "+") }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
