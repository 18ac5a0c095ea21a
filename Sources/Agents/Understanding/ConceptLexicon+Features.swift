/// Word groups read only as features of the learned cue layer (`CueFeatures`, `c:` and `p:`): whole
/// synonym classes, so that the model, fitted on a few hundred development requests, can weigh a
/// word it never saw there by the class it belongs to ("a sliver of the data", "a mountain of
/// images"). Chosen from what each idea means, never from a particular request.
extension ConceptLexicon {
    /// How much of something: amounts, volumes, counts, shares.
    static let amounts = [
        "amount*", "volume*", "size*", "sized", "number of", "count*", "how many", "how much", "bulk", "majority",
        "share", "portion*", "fraction*", "sliver", "percent*", "%", "lion s share", "most of", "half of",
        "order* of magnitude", "times as", "times more", "times fewer", "factor of", "x the",
    ]

    /// Large: of a client, a dataset or a share.
    static let large = [
        "big", "bigger", "biggest", "large", "larger", "largest", "huge", "enormous", "massive", "giant*", "vast",
        "flagship", "major", "busy", "busier", "busiest", "heavy", "heavier", "plenty", "lots", "tons", "mountain*",
        "thousands", "millions", "tens of thousands", "far more", "much more", "many more", "dominant",
    ]

    /// Small: of a client, a dataset or a share.
    static let small = [
        "small", "smaller", "smallest", "tiny", "little", "few", "fewer", "fewest", "barely", "scarce", "sparse",
        "meagre", "meager", "handful", "sliver", "minor", "quiet", "quieter", "hardly any", "almost none",
        "only a few", "a couple", "dozens", "under a hundred", "far fewer", "much less",
    ]

    /// Units of data a client holds.
    static let dataUnits = [
        "data", "dataset*", "record*", "sample*", "image*", "photo*", "picture*", "scan*", "row*", "example*",
        "transaction*", "reading*", "file*", "entries", "case*", "frame*", "log*", "slides", "document*",
    ]

    /// People, where each may be a client of their own.
    static let people = [
        "user*", "person", "persons", "people", "individual*", "owner*", "wearer*", "driver*", "patient*",
        "customer*", "employee*", "pupil*", "student*", "speaker*", "writer*", "household*", "everyone",
        "everybody", "resident*", "player*", "rider*", "runner*", "member*", "subscriber*", "kid*", "child*",
    ]

    /// A person's own manner of doing something.
    static let manner = [
        "way*", "style*", "habit*", "manner*", "pattern*", "quirk*", "personal*", "idiosyncra*", "own", "accent*",
        "pronunciation", "handwriting", "gait*", "rhythm*", "taste*", "preference*", "behaviour*", "behavior*",
        "routine*", "signature*", "voice*", "vocabular*", "typing",
    ]

    /// Noise in signals or images.
    static let noise = [
        "noise", "noisy", "noisier", "grain*", "speckl*", "static", "hum", "hiss*", "interference", "jitter*",
        "artefact*", "artifact*", "spike*", "speck*", "snow", "fuzz*", "distortion*", "glitch*", "random error*",
        "gaussian", "additive", "white noise", "crackl*",
    ]

    /// Memory and model size on a device.
    static let capacityWords = [
        "ram", "memory", "storage", "capacity", "width*", "thinner", "reduced", "slim*", "footprint", "fit",
        "fits", "quarter width", "half width", "full width", "smaller model*", "smaller version*", "sized to",
    ]

    /// Data without labels, or labels that cost.
    static let unlabelled = [
        "unlabel*", "unannotat*", "untagged", "unmarked", "label* ~ expensive", "labelling is expensive",
        "labeling is expensive", "annotation cost*", "label* ~ cost*", "annotat* ~ few", "budget",
    ]

    /// Sizes and amounts of traffic.
    static let traffic = [
        "byte*", "kilobyte*", "megabyte*", "gigabyte*", "kb", "mb", "gb", "kbit*", "mbit*", "bits", "traffic",
        "transfer*", "transmit*", "send*", "sent", "upload*", "ship*", "update size*", "payload*", "message size*",
    ]

    /// Said of a link or a resource that is short or costly.
    static let scarce = [
        "limited", "precious", "billed", "charge*", "expensive", "costly", "pricey", "congested", "narrow*",
        "trickle", "thin", "tight", "capped", "metered", "poor", "slow", "weak", "satellite", "modem*", "2g",
        "lora", "per gigabyte", "per megabyte", "per kilobyte", "leased line*",
    ]
}
