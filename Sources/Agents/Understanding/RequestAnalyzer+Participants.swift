/// Client count, device kind, deployment, percentages and rounds.
extension RequestAnalyzer {
    /// What the request says about who takes part.
    struct Participants {
        var count: Int?
        var kind: DeviceKind?
        var deployment: Deployment?
    }

    /// Participant nouns (cue patterns) and the device kind each implies (nil: says nothing).
    static let nouns: [(String, DeviceKind?)] = [
        ("smartphone*", .smartphone), ("phone*", .smartphone), ("tablet*", .smartphone), ("laptop*", .smartphone),
        ("hospital*", .hospital), ("clinic*", .hospital),
        ("sensor*", .sensor), ("wearable*", .sensor), ("camera*", .camera), ("device*", nil), ("client*", nil),
        ("participant*", nil), ("user*", nil), ("people", nil), ("node*", nil), ("site*", .organization),
        ("silo*", .organization),
        ("institution*", .organization), ("organi*", .organization), ("bank*", .organization),
        ("compan*", .organization), ("factory", .organization), ("factories", .organization), ("firm*", .organization),
        ("universit*", .organization), ("lab", .organization), ("labs", .organization), ("store", .organization),
        ("stores", .organization), ("shop*", .organization), ("branch*", .organization), ("school*", .organization),
        ("vehicle*", .sensor), ("kiosk*", .organization), ("pharmac*", .organization), ("retailer*", .organization),
        ("insurer*", .organization), ("utilit*", .organization), ("warehouse*", .organization),
        ("supermarket*", .organization),
        ("chain*", .organization), ("union*", .organization), ("partner*", .organization), ("member*", .organization),
        ("farm*", .organization), ("center*", .organization), ("centre*", .organization), ("handset*", .smartphone),
        ("smartwatch*", .sensor), ("watch*", .sensor), ("wristband*", .sensor), ("tracker*", .sensor),
        ("meter*", .sensor), ("thermostat*", .sensor), ("gateway*", .sensor), ("turbine*", .sensor),
        ("robot*", .sensor), ("car", .sensor), ("cars", .sensor), ("van*", .sensor), ("truck*", .sensor),
        ("drone*", .camera), ("dashcam*", .camera), ("machine*", nil), ("terminal*", nil), ("register*", nil),
    ]
    /// Words after a number that measure something rather than name participants; the fallback
    /// (any plural noun after a number) never takes them.
    private static let measures: Set<String> = [
        "times", "hz", "bytes", "megabytes", "kilobytes", "gigabytes", "mbs", "records", "scans", "slides", "days",
        "weeks", "months", "years", "hours", "minutes", "seconds", "ms", "items", "points", "features", "units",
        "volts", "millivolts", "dimensions", "labels", "rows", "examples", "words", "letters", "patients", "customers",
        "photos", "pictures", "readings", "frames", "parameters", "weights", "gradients", "updates", "trials", "runs",
        "others", "ones", "these", "those", "this", "is", "as", "was", "has", "its", "us", "yes",
    ]
    /// Adjectives before a generic noun ("wearable devices") that fix the kind; a specific noun
    /// ("edge cameras") keeps its own kind.
    private static let modifiers: [(String, DeviceKind)] = [
        ("mobile", .smartphone), ("wearable*", .sensor), ("sensing", .sensor), ("sensor*", .sensor), ("iot", .sensor),
        ("camera*", .camera), ("edge", .sensor),
    ]
    /// Words that end the search for a participant noun after a number.
    private static let blockers = [
        "%", "percent", "of", "per", "round*", "task*", "class*", "categor*", "epoch*", "layer*", "sample*",
        "image*", "width*", "time*", "step*", "bit*", "minute*", "hour*", "second*", "model*", "on", "for", "with",
        "from", "to", "in", "at", "by",
    ]
    /// Words whose following number is part of a name ("ResNet-8", "top-1"), never a count.
    private static let namePrefixes: Set<String> = [
        "resnet", "top", "vgg", "lenet", "densenet", "mobilenet", "efficientnet", "wrn", "gpt", "bert", "split",
        "cifar",
    ]

    /// The first "number [up to three adjectives] participant-noun" phrase, e.g. "15 wearable devices".
    /// Counts below 2 are skipped ("from one user" is not a federation), as are numbers inside names
    /// ("ResNet-8") and numbers whose noun comes after a preposition ("8 on devices").
    static func participants(in text: RequestText) -> Participants {
        var result = Participants()
        let words = text.words
        var i = 0
        scan: while i < words.count {
            defer { i += 1 }
            guard let (value, length) = NumberReading.integer(in: words, at: i), value >= 2,
                i == 0 || !namePrefixes.contains(words[i - 1]), !followsPerRound(i, in: text),
                !isShareDenominator(i, in: text)
            else { continue }
            var j = i + length
            while j < min(words.count, i + length + 4) {
                let here = j..<(j + 1)
                if blockers.contains(where: { text.contains($0, in: here) })
                    || NumberReading.integer(in: words, at: j) != nil
                {
                    continue scan
                }
                if let (_, kind) = nouns.first(where: { text.contains($0.0, in: here) }) {
                    result.count = value
                    let between = (i + length)..<j
                    result.kind = kind ?? modifiers.first { text.contains($0.0, in: between) }?.1
                    break scan
                }
                j += 1
            }
        }
        if result.count == nil { result.count = pluralAfterNumber(in: text) ?? countWithoutNumberFirst(in: text) }
        if result.kind == nil { result.kind = kindAnywhere(in: text) }
        result.deployment = deployment(in: text, kind: result.kind)
        return result
    }

    /// Whether the number at `index` comes right after "per round" or "each round" ("Per round: 100
    /// phones"): a count of a round's participants, not of the population.
    static func followsPerRound(_ index: Int, in text: RequestText) -> Bool {
        index >= 2 && ["per", "each", "every"].contains(text.words[index - 2])
            && text.words[index - 1].hasPrefix("round")
    }

    /// Whether the number at `index` is the M of "N [noun] in M" ("two in five hubs", "one phone in
    /// four"): a proportion's denominator, not a count.
    static func isShareDenominator(_ index: Int, in text: RequestText) -> Bool {
        guard index >= 2, text.words[index - 1] == "in" else { return false }
        return (max(0, index - 4)..<(index - 1)).contains { NumberReading.integer(in: text.words, at: $0) != nil }
    }

    /// Failing a known participant noun: the first "number [up to two words] plural-noun" with no
    /// blocker or measure word in it ("20 oil rigs", "a hundred delivery vans"). Counts below 2 and
    /// numbers inside names are skipped as above.
    private static func pluralAfterNumber(in text: RequestText) -> Int? {
        let words = text.words
        for i in words.indices {
            guard let (value, length) = NumberReading.integer(in: words, at: i), value >= 2,
                i == 0 || !namePrefixes.contains(words[i - 1]), !followsPerRound(i, in: text),
                !isShareDenominator(i, in: text)
            else { continue }
            for j in (i + length)..<min(words.count, i + length + 3) {
                let word = words[j]
                if text.sentences[j] != text.sentences[i] || measures.contains(word)
                    || blockers.contains(where: { text.contains($0, in: j..<(j + 1)) })
                    || NumberReading.integer(in: words, at: j) != nil || word.first?.isNumber == true
                {
                    break
                }
                if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { return value }
            }
        }
        return nil
    }

    /// A device kind named anywhere, most specific first.
    private static func kindAnywhere(in text: RequestText) -> DeviceKind? {
        let order: [(String, DeviceKind)] = [
            ("hospital*", .hospital), ("clinic*", .hospital), ("camera*", .camera), ("wearable*", .sensor),
            ("sensor*", .sensor), ("smartphone*", .smartphone), ("phone*", .smartphone), ("mobile", .smartphone),
            ("institution*", .organization), ("bank*", .organization), ("silo*", .organization),
            ("factory", .organization), ("factories", .organization),
        ]
        return order.first { text.contains($0.0) }?.1
    }

    /// Stated "cross-silo"/"cross-device" wins; otherwise organizations mean cross-silo and devices
    /// cross-device.
    private static func deployment(in text: RequestText, kind: DeviceKind?) -> Deployment? {
        if text.contains("cross silo") { return .crossSilo }
        if text.contains("cross device") { return .crossDevice }
        switch kind {
        case .hospital, .organization: return .crossSilo
        case .smartphone, .sensor, .camera: return .crossDevice
        case nil: return text.contains("device*") ? .crossDevice : nil
        }
    }

    /// Percentages ("30%", "20 percent") read by their neighbours: label words make a label budget,
    /// connect/participate/select/sample/round words a participation fraction. Without a percentage,
    /// "N clients per round" is read as N over the client count.
    static func percentages(in text: RequestText, clientCount: Int?) -> (participation: Double?, labelBudget: Double?) {
        var participation: Double?
        var budget: Double?
        let words = text.words
        var i = 0
        while i < words.count {
            guard let (stated, length) = NumberReading.percent(in: words, at: i) else {
                i += 1
                continue
            }
            defer { i += length }
            let value = percentRange(startingAt: i, in: words) ?? percentRange(endingAt: i, in: words) ?? stated
            let window = max(0, i - 4)..<min(words.count, i + 10)
            if budget == nil, ["label*", "annotat*"].contains(where: { text.contains($0, in: window) }) {
                budget = value / 100
            } else if participation == nil,
                (["connect*", "select*", "sampl*", "round*"] + takingPart).contains(where: {
                    text.contains($0, in: window)
                })
            {
                participation = value / 100
            } else if participation == nil, away.contains(where: { text.contains($0, in: window) }) {
                // "each sensor is offline about 40% of the time": the others take part.
                participation = 1 - value / 100
            }
        }
        if participation == nil { participation = proportionTakingPart(in: text) }
        if participation == nil { participation = statedFraction(in: text) }
        if participation == nil, let clientCount {
            participation = perRoundFraction(in: text, of: clientCount)
        }
        return (participation, budget)
    }

    /// A decimal after "fraction" or "participation" ("Fraction per round: 0.15").
    static func statedFraction(in text: RequestText) -> Double? {
        let words = text.words
        for i in words.indices where ["fraction", "participation"].contains(words[i]) {
            for j in (i + 1)..<min(text.sentence(of: i).upperBound, i + 5) {
                if let f = NumberReading.fraction(words[j]), f < 1 { return f }
            }
        }
        return nil
    }

    /// The middle of a range of percentages that starts at word `start` ("between 2% and 3%") or
    /// ends at word `end` ("2 to 3 percent"), or nil when the number there is not a range's end.
    static func percentRange(startingAt start: Int, in words: [String]) -> Double? {
        guard start + 3 < words.count, let low = Double(words[start]), ["and", "to"].contains(words[start + 2]),
            let high = Double(words[start + 3]), low < high
        else { return nil }
        return (low + high) / 2
    }

    static func percentRange(endingAt end: Int, in words: [String]) -> Double? {
        guard let high = Double(words[end]), end >= 2, ["and", "to"].contains(words[end - 1]) else { return nil }
        var k = end - 2
        if ["%", "percent"].contains(words[k]) { k -= 1 }
        guard k >= 0, let low = Double(words[k]), low < high else { return nil }
        return (low + high) / 2
    }

    /// "N clients per round", "N devices each round", "N of them every round", "only ten cameras are
    /// online at a time" as a fraction of `count`: a number, a participant noun (or "of them") right
    /// after it, then a `takingPart` phrase.
    private static func perRoundFraction(in text: RequestText, of count: Int) -> Double? {
        let words = text.words
        for i in words.indices {
            guard let (value, length) = NumberReading.integer(in: words, at: i), value > 0, value < count else {
                continue
            }
            // "Per round: 100 phones"; "each round we can only poll 75 of them".
            if followsPerRound(i, in: text), i + length < words.count,
                nouns.contains(where: { text.contains($0.0, in: (i + length)..<(i + length + 1)) })
            {
                return Double(value) / Double(count)
            }
            let sentence = text.sentence(of: i)
            if ["poll*", "sampl*", "pick*", "select*", "invit*"].contains(where: {
                text.contains($0, in: max(sentence.lowerBound, i - 2)..<i)
            }), text.contains("round*", in: sentence) {
                return Double(value) / Double(count)
            }
            // The noun within two words of the number, then a phrase of taking part within its sentence
            // ("30 phones are charging on wi-fi at any moment"), no other number in between.
            let start = i + length
            let rest = start..<min(text.sentence(of: i).upperBound, start + 9)
            guard
                let round = takingPart.lazy.compactMap({ text.first($0, in: rest) }).min(by: {
                    $0.lowerBound < $1.lowerBound
                }),
                let noun = (start..<round.lowerBound).first(where: { j in
                    text.contains("of them", in: j..<min(words.count, j + 2))
                        || nouns.contains { text.contains($0.0, in: j..<(j + 1)) }
                        || (words[j].count > 3 && words[j].hasSuffix("s") && !words[j].hasSuffix("ss")
                            && !measures.contains(words[j]))
                }) ?? (round.lowerBound == start ? start : nil), noun - start <= 2
            else { continue }
            let units = ["%", "percent", "round*", "minute*", "hour*", "second*", "epoch*"]
            // "a deadline of 3 minutes, 20 phones per round": the count is the number next to the noun.
            if (start..<round.lowerBound).contains(where: { j in
                NumberReading.integer(in: words, at: j) != nil
                    || (j < noun ? blockers.filter { $0 != "of" } : units).contains {
                        text.contains($0, in: j..<(j + 1))
                    }
            }) {
                continue
            }
            return Double(value) / Double(count)
        }
        return nil
    }

    /// "N [communication|training|federated|global] rounds".
    static func rounds(in text: RequestText) -> Int? {
        let words = text.words
        let fillers: Set<String> = ["communication", "training", "federated", "global", "fl", "total", "aggregation"]
        for r in words.indices where words[r].hasPrefix("round") {
            var k = r - 1
            while k >= 0, fillers.contains(words[k]) { k -= 1 }
            if k >= 0, let (value, length) = NumberReading.integer(in: words, at: k), k + length <= r, value > 0 {
                return value
            }
        }
        return nil
    }
}
