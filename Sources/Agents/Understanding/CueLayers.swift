/// The layers of the challenge cue model that can be switched off, all on by default. The plain
/// cue table and its original subject–predicate rows are always on; the other settings exist to
/// measure what each layer is worth on held-out development folds (`DevelopmentFoldsTests`).
package struct CueLayers: OptionSet, Sendable {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    /// Cue words read in their sense only: not in a collocation of another sense, and with the
    /// context an ambiguous cue needs (`ChallengeCues+Senses`).
    package static let senses = CueLayers(rawValue: 1)
    /// Subject–predicate cues grown from concept groups, and whole groups as cues
    /// (`ChallengeCues+Concepts`, `ConceptLexicon`).
    package static let concepts = CueLayers(rawValue: 2)
    /// Metrics said in more ways: per-client evaluation without "per"/"each" next to a judging word
    /// ("evaluate the sites separately", "how each store does"), bytes asked for next to accuracy
    /// ("the bytes as well as global accuracy").
    package static let metricWording = CueLayers(rawValue: 4)

    package static let all: CueLayers = [.senses, .concepts, .metricWording]
}
