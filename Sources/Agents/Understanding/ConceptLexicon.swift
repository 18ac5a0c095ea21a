/// Word groups by concept, for the subject–predicate cues (`ChallengeCues.combinations`): each group
/// lists the forms and synonyms of one idea as cue patterns (see `Cue`), chosen from what the idea
/// means rather than from particular requests, so a new phrasing of a known idea is still read.
enum ConceptLexicon {
    /// What labels are called: "the tags", "the annotations", "the ground truth", "the diagnoses".
    static let labels = [
        "label*", "labell*", "tag", "tags", "tagged", "tagging", "annotat*", "ground truth", "transcri*", "rater*",
        "caption*", "diagnos*", "marking*", "class assignment*",
    ]

    /// Who makes labels: annotators, raters, taggers, coders, graders, transcribers, a labelling tool.
    static let labellers = [
        "annotator*", "labeler*", "labeller*", "rater*", "tagger*", "grader*", "coder*", "transcriber*",
        "crowdworker*", "crowd worker*", "crowdsourc*", "mturk", "mechanical turk",
    ]

    /// Said of labels that are wrong: wrong, mistaken, unreliable, inconsistent, mixed up.
    static let wrong = [
        "wrong*", "incorrect*", "erroneous*", "mistake*", "mistaken*", "error*", "unreliab*", "noisy",
        "flipped", "swapped", "inconsistent*", "buggy", "sloppy", "sloppily", "careless*", "inaccura*",
        "disagree*", "mixed up", "mix up", "mixes up", "confus*", "untrustworthy", "not trustworthy",
        "isn t trustworthy", "aren t trustworthy", "t be trusted", "not be trusted", "garbled", "corrupt*",
    ]

    /// Weaker words of wrongness, read only close to a label word: "dubious tags", "labels given in a hurry".
    static let doubtful = [
        "dubious", "questionable", "doubtful", "faulty", "imprecise", "imperfect", "guess*", "in a hurry",
        "hurried*", "rushed", "hastily", "by mistake", "not always right", "often off", "bad", "poor",
        "low quality", "suspect", "shaky",
    ]

    /// Words that on their own say a label was given wrongly: "mislabelled", "mistagged", "miscoded"
    /// (not "misclassified" or "misdiagnosed", which are as often the model's errors).
    static let misLabelling = [
        "mislabel*", "miscategori*", "mistag*", "miscod*", "misannotat*", "misassign*", "misattribut*",
        "misrecord*", "mistype*",
    ]

    /// What differs between clients when they differ: "differ", "vary", "each its own", "not the same".
    static let differ = [
        "differ*", "vary", "varies", "varying", "variation*", "variab*", "different*", "heterogeneous",
        "inconsistent*", "distinct", "not the same", "mismatch*", "diverse", "diverg*", "unlike",
    ]

    /// How inputs look or are recorded: colour, lighting, angle, units, scale, calibration, equipment.
    static let inputLook = [
        "colo*", "tint*", "hue*", "sharpness", "brightness", "exposure", "illumination", "lighting", "angle*",
        "viewpoint*", "perspective*", "orientation*", "zoom", "focus", "lens*", "unit*", "scale*", "scaling",
        "format*", "setup*", "set up*", "manufacturer*", "brand*", "vendor*", "supplier*", "equipment",
        "acquisition", "field strength*", "scanner*", "microscope*", "instrument*", "imaging", "protocol*",
        "preprocess*", "normali*", "background*", "resolution*", "contrast", "calibrat*", "offset*",
        "sampling rate*", "staining", "stain*", "image quality", "picture quality", "noise level*",
    ]

    /// Inputs themselves: images, readings, features, measurements, signals, scans, photos, values.
    static let inputs = [
        "input*", "image*", "photo*", "picture*", "reading*", "feature*", "measurement*", "signal*", "scan*",
        "value*", "frame*", "recording*", "sample*", "data",
    ]

    /// What a client does to its inputs, or how they come out: rescaled, shifted, tinted, blurred,
    /// rotated, darker, grainier.
    static let inputChange = [
        "rescal*", "scales", "scaled", "shifted", "shifts", "offset*", "tint*", "blur*", "rotat*", "mirror*", "invert*",
        "darker", "brighter", "grainier", "grainy", "noisier", "blurrier", "sharper", "washed out", "overexpos*",
        "underexpos*", "distort*", "normali* differently", "warped", "upside down", "low contrast",
        "high contrast", "out of focus",
    ]

    /// What computes: devices, their hardware, the boxes that train.
    static let computers = [
        "device*", "phone*", "handset*", "smartphone*", "hardware", "cpu*", "processor*", "chip*", "compute",
        "computer*", "machine", "machines", "server*", "boxes", "node*", "gpu*", "raspberr*", "microcontroller*",
        "laptop*", "tablet*", "gateway*", "client*", "edge device*",
    ]

    /// Said of slow compute: slow, underpowered, low-end, old, struggling, throttled.
    static let slow = [
        "slow", "slower", "slowest", "slowly", "sluggish*", "underpowered", "under powered", "low end", "low power*",
        "entry level", "outdated", "ancient", "old", "older", "weak", "weaker", "lag*", "take* longer",
        "longer to", "throttl*", "overheat*", "crawl*", "cheap", "cheaper", "cheapest",
    ]

    /// What carries updates: uploads, links, the network, mobile data.
    static let links = [
        "upload*", "uplink*", "link*", "network", "traffic", "communication", "connection*",
        "backhaul", "data plan*", "mobile data", "cellular", "bandwidth",
    ]

    /// Said of a link that is costly or narrow.
    static let costly = [
        "expensive", "costly", "pricey", "slow", "thin", "narrow", "tight", "capped", "metered", "bottleneck*",
        "cost*", "pay", "pays", "paying", "charged",
    ]

    /// Kinds of labels a client may see only some of: classes, categories, types, conditions.
    static let classes = [
        "class", "classes", "categor*", "kind*", "species", "diagnos*", "disease*", "fault*", "defect*", "activit*",
        "digit*", "intent*",
    ]

    /// Said of a client's classes when it sees only some of them, or mostly one.
    static let concentrated = [
        "mostly", "mainly", "predominantly", "largely", "subset", "dominat*", "specialis*", "specializ*",
        "concentrat*", "over represent*", "under represent*", "overrepresent*", "underrepresent*",
    ]

    /// Said of a client that cannot take part for a while: unreachable, switched off, out of coverage.
    static let away = [
        "unreachable", "not reachable", "turned off", "powered down", "unplugged", "sporadic*", "out of coverage",
        "no coverage", "come and go", "comes and goes", "intermittently", "not always on", "not always connected",
    ]

    /// A model of a client's own: "an individual model", "a model of its own", "one model per site".
    static let ownModel = [
        "individual model*", "specialised model*", "specialized model*", "model of its own", "model of their own",
        "one model per", "per user model*", "per site model*", "locally adapted", "adapt* ~ locally",
    ]
}

extension ConceptLexicon {
    /// Every group by its name, as the learned cue layer's `c:` features name them (the fitting
    /// script reads the groups from this file by their `static let` names).
    static let groups: [(String, [String])] = [
        ("labels", labels), ("labellers", labellers), ("wrong", wrong), ("doubtful", doubtful),
        ("misLabelling", misLabelling), ("differ", differ), ("inputLook", inputLook), ("inputs", inputs),
        ("inputChange", inputChange), ("computers", computers), ("slow", slow), ("links", links),
        ("costly", costly), ("classes", classes), ("concentrated", concentrated), ("away", away),
        ("ownModel", ownModel), ("amounts", amounts), ("large", large), ("small", small),
        ("dataUnits", dataUnits), ("people", people), ("manner", manner), ("noise", noise),
        ("capacityWords", capacityWords), ("unlabelled", unlabelled), ("traffic", traffic), ("scarce", scarce),
    ]
}
