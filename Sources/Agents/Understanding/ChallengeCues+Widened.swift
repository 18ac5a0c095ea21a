/// Subject–predicate cues for the challenges the blind request batches showed the rules read least
/// often (quantity skew, label skew, user heterogeneity, bandwidth), built from word classes
/// (`ConceptLexicon`) rather than phrasings, in the `CueLayers.concepts` layer. Feature noise has
/// none: the corpus labels one client's noisy inputs as a domain shift in some batches and as
/// feature noise in others, so it is left to the learned layer.
extension ChallengeCues {
    /// Lots of data next to little, in one sentence: "the city sites hold tens of thousands of
    /// images, the rural ones a few hundred".
    static let muchData = [
        "thousands", "millions", "tens of thousands", "hundreds of thousands", "huge", "enormous", "massive",
        "giant*", "dwarf*", "mountain*", "flagship", "bulk of", "lion s share", "order* of magnitude",
    ]
    static let littleData = [
        "few hundred", "few dozen", "a handful", "tiny", "barely", "sliver", "under a hundred", "almost none",
        "hardly any", "almost nothing", "only a few", "a few", "small ones", "rest are small", "rest are tiny",
    ]
    /// Said of amounts that are not alike.
    static let unlike = [
        "skew*", "lopsided", "uneven*", "unequal*", "imbalanc*", "disproportion*", "all over the place",
        "nothing alike", "vary wildly", "varies wildly", "differ massively", "differ hugely", "differ* a lot",
        "vary a lot", "varies a lot", "differ* by", "very different",
    ]
    /// A person's way of doing things said to be theirs alone.
    static let ownManner = [
        "own way", "own style", "own hand", "own habit*", "own technique", "own quirk*", "own accent",
        "own rhythm", "own routine*", "own pattern*", "personal", "individual", "idiosyncra*", "quirk*",
        "unique to", "is unique", "are unique", "differently", "distinct", "is their own", "are their own",
    ]
    /// What carries bytes, and said of it when it is scarce.
    static let bytesOnTheWire = [
        "upload*", "transmi*", "transfer*", "traffic", "byte*", "kilobyte*", "megabyte*", "gigabyte*", "payload*",
        "update size*", "message*", "data allowance", "communication", "radio link*", "satellite link*",
    ]
    static let scarceBytes = [
        "limited", "precious", "billed", "expensive", "costly", "pricey", "congested", "narrow*", "trickle",
        "thin", "tight", "capped", "metered", "tiny", "at most", "allowance", "fortune", "per megabyte",
        "per kilobyte", "per gigabyte", "painful", "main constraint",
    ]

    static let widenedCombinations: [Combination] = [
        Combination(
            challenge: .quantitySkew, subjects: ConceptLexicon.amounts + ["size of", "sizes of"], predicates: unlike,
            gap: clause),
        Combination(challenge: .quantitySkew, subjects: muchData, predicates: littleData, gap: sentence),
        Combination(
            challenge: .labelSkew, subjects: ConceptLexicon.classes + ["case mix", "product line*"],
            predicates: [
                "only a few", "just a few", "a handful", "only one or two", "one or two", "two or three",
                "narrow range", "small part", "barely overlap", "lean* toward*", "specialis*", "specializ*",
            ],
            gap: near),
        Combination(challenge: .userHeterogeneity, subjects: ConceptLexicon.people, predicates: ownManner, gap: clause),
        Combination(challenge: .bandwidth, subjects: bytesOnTheWire, predicates: scarceBytes, gap: near),
    ]
}
