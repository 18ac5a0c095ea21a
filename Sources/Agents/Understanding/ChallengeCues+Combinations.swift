/// Challenges said by what is wrong with something rather than by a name: a subject ("the labels",
/// "the annotators") and what is said of it ("are often wrong", "made mistakes") in one sentence,
/// in either order, at most `gap` words apart. A new synonym on either side (most sides are
/// `ConceptLexicon` groups) serves every phrasing of the other.
extension ChallengeCues {
    struct Combination {
        var challenge: Challenge
        var subjects: [String]
        var predicates: [String]
        /// The most words between the two.
        var gap: Int
    }

    /// Three words between subject and predicate ("the tags are often wrong").
    static let near = 3
    /// Ten words ("labels come from a crowd of temp workers and are often wrong").
    static let clause = 10
    /// Anywhere in the sentence.
    static let sentence = 60

    static let combinations: [Combination] = [
        // Labels made wrongly: "the residents who tag the films get it wrong", "annotators made mistakes".
        Combination(
            challenge: .labelNoise,
            subjects: ["label*", "labell*", "tag*", "annotat*", "ground truth", "transcrib*", "rater*"],
            predicates: [
                "wrong*", "incorrect*", "erroneous*", "mistake*", "mistaken*", "error*", "unreliable", "noisy",
                "flipped", "inconsistent*", "buggy", "sloppy", "sloppily", "careless*", "inaccura*", "disagree*",
                "mixed up", "mix up", "mixes up", "confus*", "untrustworthy", "unreliab*", "garbled", "corrupt*",
                "t be trusted", "not be trusted",
            ],
            gap: sentence),
        // A wrong value of the label itself: "picked the wrong category", "the wrong diagnosis code".
        Combination(
            challenge: .labelNoise, subjects: ["wrong", "incorrect", "mistaken"],
            predicates: ["class*", "categor*", "diagnos*", "code*", "type*", "label*", "tag*"], gap: near),
        // Inputs that look different per client: "colours and sharpness vary from clinic to clinic".
        Combination(
            challenge: .domainShift,
            subjects: [
                "colo*", "sharpness", "brightness", "exposure", "angle*", "orientation*", "zoom", "focus", "unit*",
                "scale*", "format*", "setup*", "set up*", "manufacturer*", "brand*", "equipment", "acquisition",
                "field strength*", "vendor*",
            ],
            predicates: ["differ*", "vary", "varies", "varying", "different*", "heterogeneous", "inconsistent*"],
            gap: near),
        // Clients that hold very different amounts: "the amount of data per clinic varies".
        Combination(
            challenge: .quantitySkew,
            subjects: [
                "amount* of data", "volume* of data", "data volume*", "number of record*", "number of sample*",
                "number of image*", "dataset* size*", "size of ~ data*",
            ],
            predicates: ["var*", "differ*", "uneven*", "unequal*", "range*", "skew*"], gap: clause),
        // Small next to large: "some have a few dozen images, the biggest tens of thousands".
        Combination(
            challenge: .quantitySkew, subjects: ["few dozen", "few hundred", "few thousand", "handful"],
            predicates: ["thousand*", "biggest", "largest", "million*"], gap: sentence),
        Combination(
            challenge: .quantitySkew, subjects: ["how many", "how much"], predicates: ["differ*", "vary", "varies"],
            gap: clause),
        // A link that fails: "the wifi drops constantly", "connections are patchy".
        Combination(
            challenge: .connectivity,
            subjects: ["wifi", "wi fi", "connection*", "link*", "network", "signal", "coverage"],
            predicates: ["drop*", "fail*", "unstable", "patchy", "spotty", "lost", "cut*", "goes down", "go down"],
            gap: near),
        // Each client's class mix: "the disease mix is different at each clinic".
        Combination(
            challenge: .labelSkew, subjects: ["mix", "mixture", "proportion* of class*", "share* of class*"],
            predicates: ["differ*", "vary", "varies", "varying", "skew*", "uneven*"], gap: near),
        // People who behave their own way: "every driver behaves differently".
        Combination(
            challenge: .userHeterogeneity,
            subjects: ["behav*", "habit*", "routine*"],
            predicates: ["differ*", "vary", "varies", "peculiar", "idiosyncratic", "unique"],
            gap: near),
        // New classes arriving: "new product families are introduced every quarter", "in five phases".
        Combination(
            challenge: .continualLearning,
            subjects: [
                "new ~ class*", "new ~ categor*", "new ~ type*", "new ~ famil*", "new ~ line*", "new ~ item*",
                "new ~ product*", "new ~ label*", "new ~ disease*", "new ~ activit*", "new ~ object*", "new ~ species",
                "new ~ kind*",
            ],
            predicates: [
                "appear*", "arriv*", "added", "introduc*", "wave*", "batches", "stage*", "phase*", "every", "monthly",
                "quarterly", "weekly", "yearly", "over time", "later", "over the month*", "over the year*",
            ],
            gap: clause),
        // Updates that are not real: "send random noise instead of real model updates".
        Combination(
            challenge: .robustness,
            subjects: ["update*", "gradient*"],
            predicates: [
                "fake", "bogus", "crafted", "fabricated", "forged", "random noise", "instead of", "trust*", "untrusted",
                "malformed", "harmful",
            ],
            gap: near),
    ]

    /// A combination with its patterns compiled.
    struct CompiledCombination {
        var challenge: Challenge
        var subjects: [(String, Cue)]
        var predicates: [(String, Cue)]
        var gap: Int
        /// The layer the row belongs to (empty: always on).
        var layer: CueLayers
    }

    /// The combinations compiled, built once.
    static let compiledCombinations: [CompiledCombination] =
        combinations.map { compile($0, layer: []) } + conceptCombinations.map { compile($0, layer: .concepts) }
        + widenedCombinations.map { compile($0, layer: .widened) }

    private static func compile(_ c: Combination, layer: CueLayers) -> CompiledCombination {
        CompiledCombination(
            challenge: c.challenge, subjects: c.subjects.map { ($0, Cue($0)) },
            predicates: c.predicates.map { ($0, Cue($0)) }, gap: c.gap, layer: layer)
    }
}
