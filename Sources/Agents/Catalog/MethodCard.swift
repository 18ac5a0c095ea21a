/// One federated-learning method, as the planner sees it: what it is for, how it works, where it
/// plugs in, what to tune and where it comes from.
///
/// Cards are data (`methods.json`); `MethodCatalog` loads and checks them.
package struct MethodCard: Codable, Sendable, Equatable, Identifiable {
    /// What part of the system a method changes. A run has one `strategy` and at most one card of
    /// each other kind.
    package enum Kind: String, Codable, CaseIterable, Sendable {
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
    package var id: String
    /// The display name (e.g. "FedProx").
    package var name: String
    package var kind: Kind
    /// The challenges the method is meant for.
    package var challenges: [Challenge]
    /// The key idea in one or two sentences.
    package var idea: String
    /// Extra retrieval words (synonyms, the problem in users' words).
    package var keywords: [String]
    package var clientHooks: [ClientHook]
    package var serverHooks: [ServerHook]
    package var hyperParameters: [HyperParameter]
    package var citation: Citation

    /// Each hyper-parameter at its default, by name: the options to start a run with.
    ///
    /// Names follow the topology file's snake_case option names (`mu`, `server_lr`, `beta1`,
    /// `trim_fraction`); the Federation strategies must accept the same names.
    package var defaultOptions: [String: Double] {
        Dictionary(hyperParameters.map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { first, _ in first })
    }

    /// The text BM25 indexes: name, id, idea, keywords and the challenges' describing words.
    package var retrievalText: String {
        ([name, id, idea] + keywords + challenges.map(\.describingWords)).joined(separator: " ")
    }
}

/// A tunable setting of a method with a sensible default and range.
package struct HyperParameter: Codable, Sendable, Equatable {
    /// The option name as a topology file spells it (e.g. `mu`, `server_lr`).
    package var name: String
    /// What it controls, in a few words.
    package var meaning: String
    package var defaultValue: Double
    package var minimum: Double
    package var maximum: Double
}

/// Where a method was published.
package struct Citation: Codable, Sendable, Equatable {
    /// Authors as usually cited ("Li et al.").
    package var authors: String
    package var title: String
    package var year: Int
    package var venue: String
}
