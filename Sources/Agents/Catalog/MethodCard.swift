/// One federated-learning method, as the planner sees it: what it is for, how it works, where it
/// plugs in, what to tune and where it comes from.
///
/// Cards are data (`methods.json`); `MethodCatalog` loads and checks them.
public struct MethodCard: Codable, Sendable, Equatable, Identifiable {
    /// What part of the system a method changes. A run has one `strategy` and at most one card of
    /// each other kind.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// The aggregation algorithm; its id is one of `Vocabulary.strategies`.
        case strategy
        /// Which clients take part in a round; its id is one of `Vocabulary.samplings`.
        case selection
        /// How updates are encoded; its id is one of `Vocabulary.compressions`.
        case compression
        /// How many clients are invited and when a round closes.
        case participation
        /// What a client does with the global model for its own use.
        case personalization
        /// Which local samples get labeled.
        case sampleSelection
        /// Which local samples are trusted for training.
        case dataCleaning
        /// How earlier tasks are preserved when new ones arrive.
        case continual
    }

    /// The identifier; for strategies, selection and compression the exact vocabulary name.
    public var id: String
    /// The display name (e.g. "FedProx").
    public var name: String
    public var kind: Kind
    /// The challenges the method is meant for.
    public var challenges: [Challenge]
    /// The key idea in one or two sentences.
    public var idea: String
    /// Extra retrieval words (synonyms, the problem in users' words).
    public var keywords: [String]
    public var clientHooks: [ClientHook]
    public var serverHooks: [ServerHook]
    public var hyperParameters: [HyperParameter]
    public var citation: Citation

    /// Each hyper-parameter at its default, by name: the options to start a run with.
    ///
    /// Names follow the topology file's snake_case option names (`mu`, `server_lr`, `beta1`,
    /// `trim_fraction`); the Federation strategies must accept the same names.
    public var defaultOptions: [String: Double] {
        Dictionary(hyperParameters.map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { first, _ in first })
    }

    /// The text BM25 indexes: name, id, idea, keywords and the challenges' describing words.
    public var retrievalText: String {
        ([name, id, idea] + keywords + challenges.map(\.describingWords)).joined(separator: " ")
    }
}

/// A tunable setting of a method with a sensible default and range.
public struct HyperParameter: Codable, Sendable, Equatable {
    /// The option name as a topology file spells it (e.g. `mu`, `server_lr`).
    public var name: String
    /// What it controls, in a few words.
    public var meaning: String
    public var defaultValue: Double
    public var minimum: Double
    public var maximum: Double
}

/// Where a method was published.
public struct Citation: Codable, Sendable, Equatable {
    /// Authors as usually cited ("Li et al.").
    public var authors: String
    public var title: String
    public var year: Int
    public var venue: String
}
