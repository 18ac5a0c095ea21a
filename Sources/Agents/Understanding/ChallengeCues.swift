/// The cue patterns (see `Cue`) that reveal each challenge in a request.
///
/// Rules of thumb behind the table: a cue must name the problem, not a wish ("noise-robust" alone
/// says nothing about which noise, so it is not a cue); phrases about the data's labels go to label
/// skew or label noise, phrases about the inputs' look go to domain shift or feature noise; limits
/// on rounds or links go to connectivity, limits on bytes or clients per round to bandwidth. Plain
/// "private data" or "privacy-preserving" is what federated learning gives anyway, so privacy needs
/// a stronger cue (differential privacy, a guarantee, a regulation, leakage).
enum ChallengeCues {
    static let table: [(Challenge, [String])] = [
        (
            .quantitySkew,
            [
                "long tail*", "longtail*", "imbalanc*", "unbalanced", "quantity skew*", "unequal ~ amount*",
                "different amount* of data", "varying amount* of data", "dataset size*",
                // One client much larger than the others, said with sizes instead of the word "skew".
                "times more", "far fewer", "much fewer", "much less data", "much more data", "very few sample*",
                "few sample*", "have a handful", "has a handful", "only a handful", "handful of sample*",
                "handful of image*",
                "handful of record*", "handful of example*", "different number* of", "number of ~ differ*",
                "ranges from", "huge",
                "others only", "how much data",
                "far more", "many more", "the biggest has", "has ~ % of the", "have ~ % of the", "tens of thousands",
                "fold in how many", "more data than", "most of the data", "most of the image*",
                "most of the sample*", "most of the record*", "hold* ~ % of", "million* ~~ few", "million* ~~ other*",
            ]
        ),
        (
            .labelSkew,
            [
                "non iid", "noniid", "label distribution*", "class distribution*", "label skew*", "few ~ categor*",
                "few ~ class*", "preferred categor*", "preferred class*", "label preference*", "class preference*",
                "class imbalance", "skewed label*", "skewed class*",
                "only one class*", "only two class*", "only three class*", "subset of ~ class*", "subset of ~ categor*",
                "missing class*", "pathological",
                // Each client sees only some kinds of labels, or a different mix of them.
                "few ~ kind*", "few ~ type*", "couple of ~ type*", "couple of ~ class*", "few ~ diagnos*",
                "or three ~ categor*", "or three ~ class*", "class* per client", "categor* per client",
                "label* ~ skew*", "label* ~~ uneven*", "distributed ~ uneven*", "different mix", "mix of ~~ differ*",
                "diagnos* ~ differ*", "condition* ~ differ*", "label* ~ differ* between", "skewed toward*",
                "only ~ few ~ categor*", "only ~ few ~ class*", "some of the ~ class*", "some of the ~ categor*",
                "some of the ~ type*", "sees different", "see different", "or three ~ kind*", "or three ~ type*",
                "couple of ~ categor*", "couple of ~ kind*",
            ]
        ),
        (
            .featureNoise,
            [
                "gaussian noise", "input noise", "noisy image*", "noisy input*", "sensor noise", "feature noise",
                "corrupted image*", "images ~ corrupted",
                "jitter*", "noisy sensor*", "static on",
            ]
        ),
        (
            .labelNoise,
            [
                "label noise", "noisy label*", "class flipping", "label flip*", "flipped label*", "mislabel*",
                "wrong label*", "incorrect label*", "annotation error*",
                // Labels described as wrong in plain words, within the sentence.
                "label* ~~ wrong", "label* ~~ incorrect*", "label* ~~ erroneous", "label* ~~ mistake*",
                "label* ~~ mistaken", "label* ~~ wrongly", "tag* ~~ wrongly", "annotat* ~~ wrongly",
                "wrongly ~ tag*", "wrongly ~ label*", "wrongly ~ annotat*",
                "label* ~~ unreliable", "label* ~~ noisy", "label* ~~ flipped", "label* ~~ inconsistent*",
                "label* ~~ buggy",
                "tag* ~~ wrong", "tag* ~~ mistaken", "tag* ~~ incorrect*", "annotat* ~~ wrong",
                "annotat* ~~ inconsistent*",
                "annotat* ~~ disagree*", "annotat* ~~ error*", "mistype*", "wrong diagnos*", "wrong ~ code*",
                "wrong class*",
                "labell* ~~ wrong", "labeled ~~ wrong", "ground truth ~~ wrong",
            ]
        ),
        (
            .domainShift,
            [
                "domain*", "rotated", "inverted", "low contrast", "acquisition artefact*", "acquisition artifact*",
                "contrast", "blur*", "visual style*", "feature shift*", "different scanner*", "lighting",
                // What differs between clients' inputs: acquisition devices, units, calibration, look.
                "scanner* ~~ differ*", "stain*", "microscope* ~~ differ*", "resolution", "colour balance",
                "color balance", "bright*", "darker", "weather", "imaging protocol*", "protocol* ~~ differ*",
                "different unit*", "different currenc*",
                "miscalibrat*", "calibrat* ~~ differ*", "offset", "out of focus", "look* different*", "look* differ*",
                "feature* ~ differ*", "signal* ~~ differ*", "scales its", "scale* ~ input*", "sampling rate*",
                "handwriting ~ differ*", "camera* ~~ differ*", "image* ~~ look* different*",
                "another in", "one in ~ another", "own ~ protocol*", "local currenc*", "calibrat*", "shifted by",
                "different angle*", "different brand*", "different studio*",
            ]
        ),
        (
            .userHeterogeneity,
            [
                "user specific", "own style", "their own style", "movement pattern*",
                "sensor placement", "sensor heterogeneity", "user heterogeneity", "speaker*", "writer*",
                "personal habit*", "user* ~ differently", "user* ~ different*", "gait*", "people ~ differ*",
                "person* ~ differ*", "patient* ~ differently", "respond* differently",
                "use* ~~ own way", "style* ~ own", "peculiar to", "unique to each user", "idiosyncra*",
            ]
        ),
        (
            .modelHeterogeneity,
            [
                "different sized", "different size*", "width*", "heterogeneous architecture*",
                "different architecture*", "model heterogeneity", "sub model*", "submodel*", "smaller model*",
                "narrower", "slimmed", "slimmer", "smaller version*", "less memory", "differ in ram",
            ]
        ),
        (
            .bandwidth,
            [
                "bandwidth*", "byte*", "communication cost*", "compress*", "% ~ connect*", "upload limit*",
                "upload* ~ limit*", "cap* ~ upload*", "upload* ~ cap*", "upload budget*", "kilobyte*", "megabyte*",
                "expensive network",
                "network ~ expensive",
                "wan", "cellular data", "data plan*",
                "slow link*", "metered", "uplink*", "downlink*", "limited bandwidth",
            ]
        ),
        (
            .connectivity,
            [
                "outage*", "drop out", "drops out", "dropout*", "online", "offline", "reachable", "asleep", "flaky",
                "is connected", "are connected", "busy", "battery", "drop off", "unreliable connect*", "intermittent*",
                "disconnect*", "go offline", "goes offline", "minimal communication round*",
                "minimizing communication round*", "minimising communication round*", "few communication round*",
                "fewer communication round*", "limited ~ round*", "only ~ communication round*",
                "in range", "out of range", "charging", "has signal", "have signal", "no signal", "lose signal",
                "loses signal", "disappear*", "lose power", "loses power", "are available", "is available",
                "be available", "unavailable",
                "not always available", "power* off", "switched off",
            ]
        ),
        (
            .stragglers,
            [
                "straggler*", "slow device*", "slow client*", "varying compute", "heterogeneous compute",
                "limited compute", "different hardware", "deadline*",
                "device* ~ slow", "client* ~ slow", "sensor* ~ slow", "phone* ~ slow", "slower", "less powerful",
                "low end", "weak hardware", "compute ~ vary*",
                "slowest", "lag behind", "lagging", "weaker", "are late", "is late", "old hardware", "old server*",
                "slowly", "times longer", "longer to finish", "crawl*", "more compute", "less compute",
                "last to finish", "finish* last", "fall* behind",
                "older device*", "older phone*", "compute* ~ differ*", "drag*",
            ]
        ),
        (
            .personalization,
            [
                "personali*", "local adaptation", "adapts to each client*", "adapt to each client*",
                "per client model*", "own model",
                // A model that fits each client, said without the word "personalized".
                "fine tun*", "finetun*", "adapted to", "model for each", "model per", "fits its own", "fit* their own",
                "tuned to", "model ~ each of",
                "tailor*", "customi*", "bespoke", "personal model*",
            ]
        ),
        (
            .privacy,
            [
                "differential*", "privacy ~ critical", "privacy ~ guarantee*", "privacy budget*",
                "privacy requirement*",
                "strict privacy", "strong privacy", "formal privacy", "confidential*", "gdpr", "hipaa", "leak*",
                "membership inference", "inference attack*", "reconstruct*", "dp",
            ]
        ),
        (
            .robustness,
            [
                "byzantine", "malicious", "poison*", "adversar*", "attack*", "compromised",
                "hacked", "tamper*", "dishonest", "backdoor*", "garbage update*", "on purpose", "corrupt* model*",
                "corrupt* update*", "sabotag*", "bad actor*", "rogue",
            ]
        ),
        (
            .activeLearning,
            [
                "active learning", "unlabeled", "unlabelled", "label only", "afford to label", "labeling budget",
                "labelling budget", "annotation budget", "label budget", "informative sample*",
                "annotat* ~ %", "label* ~ %", "most uncertain", "uncertain sample*",
            ]
        ),
        (
            .continualLearning,
            [
                "sequential*", "catastrophic forgetting", "forgetting", "continual*", "incremental*", "lifelong",
                "new categories over time", "new classes over time", "new tasks", "forget*", "forgott*",
                "new ~ categor* ~ appear*",
                "new ~ class* ~ appear*", "over time",
                "arrive in waves", "remember ~ old", "keep adding new", "new ~ every ~ week*", "new ~ every ~ month*",
                "new ~ every ~ quarter", "new ~ every ~ year", "earlier ones", "old ones",
                "arriv* ~ wave*", "in ~ wave*", "every month* ~ new", "every quarter ~ new", "every week* ~ new",
                "every year ~ new", "each year ~ new",
                "learned earlier", "learnt earlier", "previous ~ class*",
                "previous ~ categor*", "old ~ class*", "old ~ categor*", "earlier ~ class*", "earlier ~ categor*",
                "recogni* ~ old", "recogni* ~ last", "introduc* new", "keep* ~ new ~ kind*", "still ~ old",
                "keep ~ old", "retain* ~ old", "retain* ~ earlier",
                "new ~~ every ~ month*", "new ~~ every ~ week*", "new ~~ every ~ quarter", "new ~~ each ~ year",
                "new ~~ every ~ year", "new ~ categor* ~~ batch*", "new ~ class* ~~ batch*", "new ~ class* ~~ phase*",
                "new ~ class* ~~ stage*", "new ~ categor* ~~ stage*",
            ]
        ),
    ]

    /// Cues that only suggest their challenge: when they are its only evidence and the challenge they
    /// yield to is found too, they belong to that one ("30% of the labels" next to wrong labels is a
    /// noise share, not a labelling budget).
    static let weak: [String: (challenge: Challenge, yieldsTo: Challenge)] = [
        "label* ~ %": (.activeLearning, .labelNoise), "annotat* ~ %": (.activeLearning, .labelNoise),
    ]

    /// Phrases that, ending at most five words before a cue (in its sentence), say the request does
    /// not have or want what the cue names: "we don't care about privacy", "no need for differential
    /// privacy", "don't worry about stragglers or privacy", "none of the clients is malicious". Plain
    /// "not" is not one of them ("must not forget" asks for continual learning). A plain "no" negates
    /// only the next two words ("no privacy requirements").
    static let negationsBefore = [
        "don t care", "do not care", "don t worry", "do not worry", "don t need", "do not need", "doesn t need",
        "does not need", "no need", "don t have", "do not have", "not worried", "not concerned", "never mind",
        "nothing about", "none of", "nobody", "no one", "neither", "don t expect", "do not expect",
        "no concern*", "not bother*", "no worr*", "free of", "free from", "without any", "don t bother",
        "do not bother", "no ~ is", "no ~ are", "no ~ will",
    ].map(Cue.init)
    /// Phrases that, right after a cue, negate it: "privacy is not needed", "stragglers aren't an issue",
    /// "attacks are not a concern", "dropouts never happen".
    static let negationsAfter = [
        "not needed", "not required", "isn t needed", "isn t required", "is not a", "isn t a", "aren t a",
        "are not a", "not an issue", "doesn t matter", "does not matter", "don t matter", "irrelevant",
        "not a concern", "not a problem", "no problem", "no issue", "not relevant", "out of scope",
        "not a priority", "not important", "never happen*", "don t happen", "doesn t happen", "do not happen",
        "does not happen", "not expected", "unlikely",
    ].map(Cue.init)

    /// The table with patterns compiled, built once (the subject–predicate `combinations` are
    /// matched apart, see `hits(of:in:)`).
    static let compiled: [(Challenge, [(String, Cue)])] = table.map { challenge, patterns in
        (challenge, patterns.map { ($0, Cue($0)) })
    }

    /// Whole `ConceptLexicon` groups that are cues of a challenge on their own (`CueLayers.concepts`).
    static let conceptCues: [Challenge: [String]] = [
        .labelNoise: ConceptLexicon.misLabelling, .connectivity: ConceptLexicon.away,
        .personalization: ConceptLexicon.ownModel,
    ]
    static let compiledConceptCues: [Challenge: [(String, Cue)]] = conceptCues.mapValues { $0.map { ($0, Cue($0)) } }
}
