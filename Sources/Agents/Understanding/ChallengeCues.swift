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
        (.quantitySkew, [
            "long tail*", "longtail*", "imbalanc*", "unbalanced", "quantity skew*", "unequal ~ amount*",
            "different amount* of data", "varying amount* of data", "dataset size*",
        ]),
        (.labelSkew, [
            "non iid", "noniid", "label distribution*", "class distribution*", "label skew*", "few ~ categor*",
            "few ~ class*", "preferred categor*", "preferred class*", "label preference*", "class preference*",
            "class imbalance", "skewed label*", "skewed class*",
            "only one class*", "only two class*", "only three class*", "subset of ~ class*", "subset of ~ categor*",
            "missing class*", "pathological",
        ]),
        (.featureNoise, [
            "gaussian noise", "input noise", "noisy image*", "noisy input*", "sensor noise", "feature noise",
            "corrupted image*", "images ~ corrupted",
        ]),
        (.labelNoise, [
            "label noise", "noisy label*", "class flipping", "label flip*", "flipped label*", "mislabel*",
            "wrong label*", "incorrect label*", "annotation error*",
        ]),
        (.domainShift, [
            "domain*", "rotated", "inverted", "low contrast", "acquisition artefact*", "acquisition artifact*",
            "contrast", "blur*", "visual style*", "feature shift*", "different scanner*", "lighting",
        ]),
        (.userHeterogeneity, [
            "user specific", "own style", "their own style", "movement pattern*", "one user", "each user",
            "sensor placement", "sensor heterogeneity", "user heterogeneity", "speaker*", "writer*",
            "personal habit*", "user* ~ differently", "user* ~ different*", "gait*", "people ~ differ*",
            "person* ~ differ*",
        ]),
        (.modelHeterogeneity, [
            "different sized", "different size*", "width*", "heterogeneous architecture*",
            "different architecture*", "model heterogeneity", "sub model*", "submodel*", "smaller model*",
        ]),
        (.bandwidth, [
            "bandwidth*", "byte*", "communication cost*", "compress*", "% ~ connect*", "upload limit*",
            "slow link*", "metered", "uplink*", "downlink*", "limited bandwidth",
        ]),
        (.connectivity, [
            "outage*", "drop out", "drops out", "dropout*", "drop off", "unreliable connect*", "intermittent*",
            "disconnect*", "go offline", "goes offline", "minimal communication round*",
            "minimizing communication round*", "minimising communication round*", "few communication round*",
            "fewer communication round*", "limited ~ round*", "only ~ communication round*",
        ]),
        (.stragglers, [
            "straggler*", "slow device*", "slow client*", "varying compute", "heterogeneous compute",
            "limited compute", "different hardware", "deadline*",
            "device* ~ slow", "client* ~ slow", "sensor* ~ slow", "phone* ~ slow", "slower", "less powerful",
            "low end", "weak hardware", "compute ~ vary*",
        ]),
        (.personalization, [
            "personali*", "local adaptation", "adapts to each client*", "adapt to each client*",
            "per client model*", "own model",
        ]),
        (.privacy, [
            "differential*", "privacy ~ critical", "privacy ~ guarantee*", "privacy budget*", "privacy requirement*",
            "strict privacy", "strong privacy", "formal privacy", "confidential*", "gdpr", "hipaa", "leak*",
            "membership inference", "inference attack*", "reconstruct*",
        ]),
        (.robustness, [
            "byzantine", "malicious", "poison*", "adversar*", "attack*", "compromised",
        ]),
        (.activeLearning, [
            "active learning", "unlabeled", "unlabelled", "label only", "afford to label", "labeling budget",
            "labelling budget", "annotation budget", "label budget", "informative sample*",
            "annotat* ~ %", "label* ~ %", "most uncertain", "uncertain sample*",
        ]),
        (.continualLearning, [
            "sequential*", "catastrophic forgetting", "forgetting", "continual*", "incremental*", "lifelong",
            "new categories over time", "new classes over time", "new tasks", "forget*", "new ~ categor* ~ appear*",
            "new ~ class* ~ appear*", "over time",
        ]),
    ]

    /// The table with patterns compiled, built once.
    static let compiled: [(Challenge, [(String, Cue)])] = table.map { challenge, patterns in
        (challenge, patterns.map { ($0, Cue($0)) })
    }
}
