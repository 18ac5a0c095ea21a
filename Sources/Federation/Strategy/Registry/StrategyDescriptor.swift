/// Everything the rest of FedActors needs to know about a strategy without building it: the name a
/// topology file uses, its options, and what it asks of the clients and the model.
///
/// Each strategy type states its own (``RegisteredStrategy/descriptor``); the catalog, the topology
/// validator, the vocabulary and the agents' method cards read it from ``StrategyRegistry``, so a new
/// strategy is one file plus one registry line.
package struct StrategyDescriptor: Sendable {
    /// The name a topology file writes (`fedavg`, `dp-fedavg`).
    package let name: String
    /// Other names a topology file may write for the same strategy.
    package let aliases: [String]
    /// Every option the strategy takes, in the order its documentation lists them.
    package let options: [StrategyOption]
    /// What the strategy asks of the clients and the model.
    package let needs: StrategyNeeds
    /// Whether the server rule is a (weighted) mean of the clients' models followed by a server step,
    /// so that nodes could add up their clients' results before sending them (the other rules need
    /// every result on its own: medians, selection, clipping, per-client scaling).
    package let preAggregatable: Bool
    /// The models the strategy can use (nil: any model that fits the dataset).
    package let models: [String]?
    /// What to run instead when a build (or an agent's capabilities) lacks this strategy: the closest
    /// remedy for the same problem (nil: FedAvg).
    package let fallback: String?

    package init(
        name: String, aliases: [String] = [], options: [StrategyOption] = [], needs: StrategyNeeds = [],
        preAggregatable: Bool, models: [String]? = nil, fallback: String? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.options = options
        self.needs = needs
        self.preAggregatable = preAggregatable
        self.models = models
        self.fallback = fallback
    }

    /// Each option at its default, by name.
    package var defaultOptions: [String: Double] {
        Dictionary(options.map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { first, _ in first })
    }

    /// The option called `name`, if the strategy has one.
    package func option(_ name: String) -> StrategyOption? { options.first { $0.name == name } }
}

/// One numeric option of a strategy, as a topology file writes it (`strategy: {name: fedprox, mu: 0.1}`).
package struct StrategyOption: Sendable, Equatable {
    /// Whether any real number may be given or only whole numbers (counts, seeds).
    package enum Kind: Sendable, Equatable {
        case real
        /// Whole numbers from 0 up to (not including) one million.
        case wholeNumber
    }

    /// The snake_case name a topology file writes.
    package let name: String
    /// What it controls, in a few words.
    package let meaning: String
    package let defaultValue: Double
    package let kind: Kind
    /// The range worth trying when tuning (the agents' search range). The strategy's own initializer
    /// decides what it refuses; values outside this range may still be valid.
    package let typical: ClosedRange<Double>

    package init(
        _ name: String, _ meaning: String, default defaultValue: Double, kind: Kind = .real,
        typical: ClosedRange<Double>
    ) {
        self.name = name
        self.meaning = meaning
        self.defaultValue = defaultValue
        self.kind = kind
        self.typical = typical
    }
}

/// What a strategy asks of the clients and the model beyond plain local training.
package struct StrategyNeeds: OptionSet, Sendable, Hashable {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    /// Each client keeps state from round to round (a previous model, control variate, personal layers).
    package static let perClientState = StrategyNeeds(rawValue: 1 << 0)
    /// Clients return a control-variate change beside their model (SCAFFOLD).
    package static let controlVariates = StrategyNeeds(rawValue: 1 << 1)
    /// The model must have hidden layers (a learned representation, or layers to keep local).
    package static let modelDepth = StrategyNeeds(rawValue: 1 << 2)
    /// Clients keep part of the model as their own and are evaluated on their personalized model.
    package static let personalization = StrategyNeeds(rawValue: 1 << 3)
    /// The server applies stragglers' late updates, which only a round deadline in virtual time makes.
    package static let lateUpdates = StrategyNeeds(rawValue: 1 << 4)
    /// Clients train width-scaled submodels cut from the global model.
    package static let widthScaledModel = StrategyNeeds(rawValue: 1 << 5)
    /// The server keeps state between rounds (moments, buffers, control variates).
    package static let serverState = StrategyNeeds(rawValue: 1 << 6)
}
