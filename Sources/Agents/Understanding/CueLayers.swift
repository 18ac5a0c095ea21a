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

    /// Subject–predicate cues from word classes for the challenges the blind batches showed read
    /// least often (`ChallengeCues+Widened`).
    package static let widened = CueLayers(rawValue: 16)
    /// Challenges read by the learned cue model (`CueModel`) where its score reaches the threshold
    /// chosen on the development folds, added to what the rules find. Not in `all`: fitted on the
    /// development parts, it gained nothing over the rules in nested cross-validation there, and
    /// lost requests when each batch (author) was held out in turn (scripts/dev/cue-model).
    package static let learned = CueLayers(rawValue: 8)

    /// The layers the analyzer uses by default.
    package static let all: CueLayers = [.senses, .concepts, .metricWording, .widened]
}
