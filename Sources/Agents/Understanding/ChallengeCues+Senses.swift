/// When a cue word means what its challenge needs: many cue words have a second, everyday sense
/// ("in contrast", "an online shop", "a heart attack", "water leaks", "air compressors", "slower
/// uplinks" for compute), and some are evidence only next to a word that says clients differ or
/// that something changes ("resolution" alone describes images; "the resolution differs between
/// sites" is a shift).
extension ChallengeCues {
    /// Per challenge, collocations in which a cue word has another sense: a cue match that overlaps
    /// one of them is not evidence for that challenge.
    static let otherSenses: [Challenge: [String]] = [
        .domainShift: [
            "in contrast", "by contrast", "contrast to", "contrast with", "domain expert*", "domain knowledge",
            "public domain", "time domain", "frequency domain", "domain name*", "weather station*",
            "weather data", "weather forecast*", "weather record*", "conflict resolution",
        ],
        .connectivity: [
            "online shop*", "online store*", "online retail*", "online bank*", "online order*", "online sale*",
            "online servic*", "online platform*", "online learning", "online game*", "online market*",
            "online payment*", "online booking*", "online purchase*", "online form*", "online course*",
            "ev charging", "charging station*", "charging point*", "charging pile*", "charging session*",
            "charging data", "charging log*", "data ~ available", "label* ~ available", "gpu* ~ available",
            "available data", "available label*", "publicly available", "openly available", "freely available",
        ],
        .privacy: [
            "water leak*", "gas leak*", "oil leak*", "pipe* ~ leak*", "leak* ~ pipe*", "leak detect*",
            "leakage current*", "memory leak*",
        ],
        .robustness: ["heart attack*", "panic attack*", "asthma attack*", "attack rate*"],
        .bandwidth: ["compressor*", "decompress* ~ tissue*"],
        .userHeterogeneity: [
            "smart speaker*", "loudspeaker*", "loud speaker*", "speaker phone*", "personal* model*",
            "individual* model*", "personal data", "personal information", "individual patient*",
        ],
        .stragglers: [
            "slow* ~ link*", "slow* ~ uplink*", "slow* ~ connection*", "slow* ~ network*", "slow* ~ internet",
            "slow* ~ backhaul", "slow* ~ upload*", "slow* ~ cellular", "slow* ~ wi fi", "slow* ~ wifi",
            "slow moving", "slow season*", "slower season*", "slow ~ sales", "machine learning",
        ],
    ]

    /// Words that say clients differ, or that one of them stands apart.
    static let contrast =
        ConceptLexicon.differ + [
            "some", "one", "another", "other", "others", "each", "every", "half", "few", "several", "own", "while",
            "whereas", "than", "per", "between", "across", "from ~ to",
        ]

    /// Words that say classes or tasks come and go, for continual-learning cues that also have a
    /// plain sense ("data collected over time", "sequential sensor data", "incremental updates").
    static let arrivingClasses = [
        "new", "class*", "categor*", "task*", "forget*", "old", "earlier", "previous*", "remember*", "recogni*",
        "retain*", "added", "introduc*",
    ]

    /// Cue patterns that are evidence only with one of the given patterns in their sentence or the
    /// sentences either side ("the types change over time; old types must still be recognised").
    static let needsContext: [String: [String]] = [
        "resolution": contrast, "contrast": contrast, "lighting": contrast, "bright*": contrast,
        "weather": contrast, "calibrat*": contrast, "sampling rate*": contrast, "speaker*": contrast,
        "writer*": contrast, "gait*": contrast, "over time": arrivingClasses, "sequential*": arrivingClasses,
        "incremental*": arrivingClasses, "in ~ wave*": arrivingClasses, "arriv* ~ wave*": arrivingClasses,
        "huge": contrast, "tens of thousands": contrast, "far more": contrast, "many more": contrast,
    ]

    /// Words of memory and model size: a weak device in a sentence about them, and not about time,
    /// lacks capacity (model heterogeneity), not speed ("low-end phones only fit a slimmed model").
    static let capacity = [
        "ram", "memory", "storage", "model size*", "width*", "smaller model*", "slimm*", "fit", "fits",
    ]
    /// Words of time and speed.
    static let speed = [
        "slow*", "fast*", "quick*", "speed*", "time*", "second*", "minute*", "deadline*", "longer", "late", "lag*",
        "wait*", "hour*",
    ]
    static let compiledCapacity = capacity.map(Cue.init)
    static let compiledSpeed = speed.map(Cue.init)

    /// Whether a stragglers hit at `range` sits in a sentence about capacity and not about speed.
    static func isCapacity(_ range: Range<Int>, in text: RequestText) -> Bool {
        let sentence = text.sentence(of: range.lowerBound)
        return compiledCapacity.contains { !text.matches($0, in: sentence).isEmpty }
            && !compiledSpeed.contains { !text.matches($0, in: sentence).isEmpty }
    }

    /// Compiled `otherSenses` and `needsContext`, built once.
    static let compiledOtherSenses: [Challenge: [Cue]] = otherSenses.mapValues { $0.map(Cue.init) }
    static let compiledContexts: [String: [Cue]] = needsContext.mapValues { $0.map(Cue.init) }

    /// Whether the match of `pattern` (a cue of `challenge`) at `range` carries its challenge's sense.
    static func senseHolds(_ pattern: String, of challenge: Challenge, at range: Range<Int>, in text: RequestText)
        -> Bool
    {
        let sentence = text.sentence(of: range.lowerBound)
        if let senses = compiledOtherSenses[challenge],
            senses.contains(where: { text.matches($0, in: sentence).contains { $0.overlaps(range) } })
        {
            return false
        }
        if challenge == .stragglers, isCapacity(range, in: text) { return false }
        guard let contexts = compiledContexts[pattern] else { return true }
        let around = neighbourhood(of: sentence, in: text)
        return contexts.contains { cue in text.matches(cue, in: around).contains { !$0.overlaps(range) } }
    }

    /// A sentence with the sentences before and after it.
    static func neighbourhood(of sentence: Range<Int>, in text: RequestText) -> Range<Int> {
        let start = sentence.lowerBound > 0 ? text.sentence(of: sentence.lowerBound - 1).lowerBound : 0
        let end =
            sentence.upperBound < text.words.count
            ? text.sentence(of: sentence.upperBound).upperBound : sentence.upperBound
        return start..<end
    }
}
