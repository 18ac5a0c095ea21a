/// Subject–predicate cues grown from `ConceptLexicon` groups (the `CueLayers.concepts` layer): each
/// row pairs a group of things with a group of what can be wrong with them, so that an effect
/// described in new words ("the raters were rushed", "one site rescales its inputs", "the cheap
/// boxes struggle", "uploads are pricey") is read like the named challenge.
extension ChallengeCues {
    static let conceptCombinations: [Combination] = [
        // Labels made wrongly, anywhere in the sentence: "the tags can't be trusted".
        Combination(
            challenge: .labelNoise, subjects: ConceptLexicon.labels + ConceptLexicon.labellers,
            predicates: ConceptLexicon.wrong, gap: sentence),
        // Labels said to be doubtful, close by: "dubious tags", "labels given in a hurry".
        Combination(
            challenge: .labelNoise, subjects: ConceptLexicon.labels + ConceptLexicon.labellers,
            predicates: ConceptLexicon.doubtful, gap: near),
        // How inputs look or are recorded, differing: "the lenses differ", "calibration varies".
        Combination(
            challenge: .domainShift, subjects: ConceptLexicon.inputLook, predicates: ConceptLexicon.differ, gap: near),
        // One client's inputs changed: "one site rescales its inputs", "images come out darker".
        Combination(
            challenge: .domainShift, subjects: ConceptLexicon.inputs, predicates: ConceptLexicon.inputChange,
            gap: near),
        // Compute that is slow: "the budget phones are underpowered", "older boxes struggle".
        Combination(
            challenge: .stragglers, subjects: ConceptLexicon.computers, predicates: ConceptLexicon.slow, gap: near),
        // Links that cost or are narrow: "uploads are pricey", "the backhaul is thin".
        Combination(
            challenge: .bandwidth, subjects: ConceptLexicon.links, predicates: ConceptLexicon.costly, gap: near),
        // Clients that see only some classes: "mostly two product categories", "only a subset of the classes".
        Combination(
            challenge: .labelSkew, subjects: ConceptLexicon.classes, predicates: ConceptLexicon.concentrated,
            gap: near),
        // Behaviour that is not honest: "a client may behave arbitrarily", "could upload junk".
        Combination(
            challenge: .robustness, subjects: ["behav*", "act", "acts", "send*", "upload*", "submit*"],
            predicates: [
                "arbitrar*", "malicious*", "dishonest*", "adversarial*", "fake", "bogus", "garbage", "junk", "lie",
                "lies", "lying",
            ],
            gap: near),
    ]
}
