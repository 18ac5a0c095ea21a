/// Dataset, model, widths and metrics.
extension RequestAnalyzer {
    /// Cue patterns that name a dataset, checked in this order.
    private static let datasetNames: [(String, [String])] = [
        (
            "fashion-mnist",
            ["fashion mnist", "fashionmnist", "fmnist", "clothing", "clothes", "apparel", "garment*", "zalando"]
        ),
        ("synthetic-leaf", ["leaf ~ synthetic*", "synthetic* ~ leaf"]),
        (
            "synthetic-sensors",
            ["accelerometer*", "gyroscope*", "inertial", "imu", "activity recognition", "human activity"]
        ),
    ]
    /// Words that say the data are images without naming a dataset.
    private static let imageWords = [
        "image*", "photo*", "picture*", "handwrit*", "visual", "vision", "object classification",
        "object recognition", "digit*", "mnist", "cifar*", "camera*", "x ray*", "xray*", "scans", "mri",
        "dashcam*", "mammogra*", "radiograph*", "slides", "microscop*", "fundus", "ultrasound", "dermatolog*",
        "ct", "radiolog*", "histolog*", "patholog*", "drawing*", "sketch*", "scanned",
    ]

    /// The dataset named in the text; failing that, Fashion-MNIST (the image dataset at hand) when
    /// the request speaks of images or names an image model (CNN, ResNet), recorded as an
    /// assumption; otherwise nil.
    static func dataset(in text: RequestText, model: String?, assumptions: inout [String]) -> String? {
        for (name, cues) in datasetNames where cues.contains(where: { text.contains($0) }) {
            return name
        }
        if let cue = imageWords.first(where: { text.contains($0) }), let range = text.first(cue) {
            assumptions.append(
                "dataset: fashion-mnist, because the request speaks of \"\(text.phrase(range))\" without naming "
                    + "a dataset and Fashion-MNIST is the image dataset available")
            return "fashion-mnist"
        }
        if let model, imageModels.contains(model) {
            assumptions.append(
                "dataset: fashion-mnist, because the request names no data but trains \(model), an image model, "
                    + "and Fashion-MNIST is the image dataset available")
            return "fashion-mnist"
        }
        return nil
    }

    /// Models that only make sense on images.
    private static let imageModels: Set<String> = ["cnn", "resnet8"]

    /// Cue patterns for each `Vocabulary.models` name.
    private static let modelNames: [(String, [String])] = [
        ("resnet8", ["resnet*"]),
        ("cnn", ["cnn", "cnns", "convolutional*", "convnet*"]),
        ("gru", ["gru", "grus", "recurrent", "rnn", "rnns", "lstm*"]),
        ("logreg", ["logistic regression", "logreg", "softmax regression", "linear classifier", "linear model"]),
        (
            "2nn",
            [
                "2nn", "mlp*", "multilayer perceptron*", "multi layer perceptron*", "fully connected", "feedforward",
                "feed forward",
            ]
        ),
    ]
    /// The model each dataset is usually trained with here.
    private static let defaultModel = ["fashion-mnist": "cnn", "synthetic-sensors": "gru", "synthetic-leaf": "logreg"]

    /// The model mentioned first, if any. A ResNet other than ResNet-8, or an LSTM, maps to the
    /// nearest model with an assumption saying so.
    static func namedModel(in text: RequestText, assumptions: inout [String]) -> String? {
        var best: (position: Int, name: String)?
        for (name, cues) in modelNames {
            for cue in cues {
                guard let range = text.first(cue) else { continue }
                if best.map({ range.lowerBound < $0.position }) ?? true { best = (range.lowerBound, name) }
            }
        }
        guard let best else { return nil }
        let word = text.words[best.position]
        let next = best.position + 1 < text.words.count ? text.words[best.position + 1] : ""
        if best.name == "resnet8", word != "resnet8", !(word == "resnet" && next == "8") {
            assumptions.append("model: resnet8, the ResNet available, for \"\(word) \(next)\"")
        } else if word.hasPrefix("lstm") {
            assumptions.append("model: gru, the recurrent model available, for \"lstm\"")
        }
        return best.name
    }

    /// The usual model for `dataset` (an assumption), or nil without a dataset.
    static func defaultModel(for dataset: String?, assumptions: inout [String]) -> String? {
        guard let dataset, let model = defaultModel[dataset] else { return nil }
        assumptions.append("model: \(model), the usual model for \(dataset), since the request names none")
        return model
    }

    /// Width fractions in the sentence that mentions "width": "full" 1, "half" 0.5, "quarter" 0.25,
    /// and fractions like "1/2"; largest first, no repeats.
    static func widths(in text: RequestText) -> [Double] {
        guard let mention = text.first("width*") else { return [] }
        let sentence = text.sentences[mention.lowerBound]
        var widths: Set<Double> = []
        for (i, word) in text.words.enumerated() where text.sentences[i] == sentence {
            switch word {
            case "full": widths.insert(1)
            case "half": widths.insert(0.5)
            case "quarter": widths.insert(0.25)
            default: if let f = NumberReading.fraction(word) { widths.insert(f) }
            }
        }
        return widths.sorted(by: >)
    }

    /// Metrics read from the evaluation clause (from "evaluat…", "judg…", "measur…", "target…" to
    /// the end of that sentence; the whole text if there is none): average client accuracy, average
    /// accuracy over tasks (or "average accuracy" in a continual request), forgetting, bytes, and
    /// global top-1 for any other mention of accuracy. None found: global top-1, as an assumption.
    static func metrics(
        in text: RequestText, continual: Bool, metricWording: Bool = true, assumptions: inout [String]
    ) -> [Metric] {
        let clause = evaluationClause(in: text)
        var metrics: [Metric] = []
        let perClient = [
            "average client*", "mean client*", "per client accura*", "client average*", "each client* accura*",
        ]
        let clientWise = perClientWording(in: text, separately: metricWording)
        let perTask = [
            "accura* across task*", "average task*", "mean task*", "accura* ~ each task", "average across task*",
            "average over task*", "on each task",
        ]
        if clientWise || perClient.contains(where: { text.contains($0, in: clause) }) {
            metrics.append(.meanClientTop1)
        }
        if perTask.contains(where: { text.contains($0, in: clause) })
            || (continual && text.contains("average accura*", in: clause))
        {
            metrics.append(.meanTaskTop1)
        }
        if metrics.isEmpty, ["accura*", "top 1", "top1"].contains(where: { text.contains($0, in: clause) }) {
            metrics.insert(.globalTop1, at: 0)
        }
        if measuresForgetting(in: text, clause: clause) { metrics.append(.forgetting) }
        // Bytes are a metric only when the request says to measure them, not when it limits them.
        let bytes = ["byte*", "communication cost*", "traffic", "megabyte*"]
        if clause != text.words.indices && bytes.contains(where: { text.contains($0, in: clause) })
            || metricWording && bytesBesideAccuracy(in: text, bytes: bytes)
        {
            if !metrics.contains(where: { $0 != .forgetting }) { metrics.insert(.globalTop1, at: 0) }
            metrics.append(.totalBytes)
        }
        if metrics.isEmpty {
            assumptions.append("metric: global top-1 accuracy, since the request does not say how to judge success")
            metrics = [.globalTop1]
        }
        return metrics
    }

    /// Accuracy asked for each client in words, in a sentence about judging the model ("evaluate each
    /// site on its own data", "accuracy per partner", "per-clinic accuracy", "the worst clinic's
    /// accuracy"): "per"/"each"/"every" before a word that is not a unit of time or training, a
    /// client's "own" data or test set, or the worst client.
    private static func perClientWording(in text: RequestText, separately: Bool) -> Bool {
        let judging = ["evaluat*", "accura*", "assess*", "judg*", "measur*", "report*", "score*", "performance"]
        let notClients: Set<String> = [
            "round", "rounds", "epoch", "epochs", "step", "steps", "task", "tasks", "class", "second", "minute",
            "hour", "day", "week", "month", "batch", "sample", "image", "label", "time",
        ]
        for (i, word) in text.words.enumerated() where ["per", "each", "every"].contains(word) {
            let sentence = text.sentence(of: i)
            guard judging.contains(where: { text.contains($0, in: sentence) }), i + 1 < text.words.count,
                text.sentences[i + 1] == text.sentences[i], !notClients.contains(text.words[i + 1])
            else { continue }
            // "each site on its own data", "per partner", "for each hospital", "per-store accuracy".
            let near = max(sentence.lowerBound, i - 4)..<min(sentence.upperBound, i + 6)
            if judging.contains(where: { text.contains($0, in: near) }) || text.contains("own", in: near) {
                return true
            }
        }
        if [
            "worst ~ accura*", "worst perform*", "worst client*", "own test set*", "own test data", "does worst",
            "do worst", "performs worst", "is worst",
        ]
        .contains(where: { text.contains($0) }) {
            return true
        }
        return separately && separateJudging(in: text, judging: judging)
    }

    /// Bytes named in a sentence that also names accuracy, and that limits nothing ("the bytes sent
    /// as well as global accuracy", "accuracy and traffic per round"): both are to be reported.
    private static func bytesBesideAccuracy(in text: RequestText, bytes: [String]) -> Bool {
        let limiting = ["limit*", "cap*", "budget*", "afford*", "expensive", "at most", "under", "below", "within"]
        return bytes.contains { pattern in
            text.matches(Cue(pattern)).contains { match in
                let sentence = text.sentence(of: match.lowerBound)
                return text.contains("accura*", in: sentence) && !limiting.contains { text.contains($0, in: sentence) }
            }
        }
    }

    /// Judging said to be done client by client, in a sentence with a judging word: "evaluate the
    /// sites separately", "scores broken down by branch", "how each store does", "the weakest
    /// clinic's score", "on its own held-out data".
    private static func separateJudging(in text: RequestText, judging: [String]) -> Bool {
        let separately = [
            "separately", "individually", "one by one", "broken down", "breakdown", "break down", "each of the",
            "each one", "each individual", "every single", "individual ~ accura*", "individual ~ score*",
            "individual ~ performance", "own held out", "own validation", "own local test*", "local test*",
            "local validation", "locally held", "held out ~ each", "each ~ held out", "weakest", "least accurate",
            "lowest accura*", "lowest score*", "by client", "by site", "by hospital", "by store", "by bank",
            "by device", "by user", "client by client", "site by site",
        ]
        let howEach = [
            "how ~ each ~ does", "how ~ each ~ do", "how ~ each ~ perform*", "how ~ each ~ fare*",
            "how well ~ each", "how ~ every ~ does", "how ~ every ~ perform*", "how well ~ every",
        ]
        if howEach.contains(where: { text.contains($0) }) { return true }
        return separately.contains { pattern in
            text.matches(Cue(pattern)).contains { match in
                let sentence = text.sentence(of: match.lowerBound)
                return judging.contains { text.matches(Cue($0), in: sentence).contains { !$0.overlaps(match) } }
            }
        }
    }

    /// Whether forgetting is a measure of success: "forgetting" after a word of measuring in its
    /// sentence ("measure forgetting", "report … and forgetting"), in the evaluation clause, and not
    /// the thing to avoid ("without catastrophic forgetting", "avoid forgetting", "reduce forgetting").
    private static func measuresForgetting(in text: RequestText, clause: Range<Int>) -> Bool {
        let measuring = [
            "measur*", "report*", "track*", "monitor*", "evaluat*", "quantif*", "judg*", "score*", "metric*",
            "assess*",
        ]
        let avoiding = [
            "catastrophic", "avoid*", "without", "prevent*", "mitigat*", "minimi*", "reduc*", "limit*", "resist*",
            "suffer*", "no", "against", "fight*", "combat*", "stop*",
        ]
        return text.matches(Cue("forgetting"), in: clause).contains { match in
            let sentence = text.sentence(of: match.lowerBound)
            let before = sentence.lowerBound..<match.lowerBound
            let close = max(sentence.lowerBound, match.lowerBound - 2)..<match.lowerBound
            return measuring.contains { text.contains($0, in: before) }
                && !avoiding.contains { text.contains($0, in: close) }
        }
    }

    private static func evaluationClause(in text: RequestText) -> Range<Int> {
        let starts = ["evaluat*", "judg*", "measur*", "target*", "assess*", "metric*", "success*", "report*"]
        let first = starts.compactMap { text.first($0)?.lowerBound }.min()
        guard let first else { return text.words.indices }
        let sentence = text.sentences[first]
        let end = text.sentences.lastIndex(of: sentence).map { $0 + 1 } ?? text.words.count
        return first..<end
    }
}
