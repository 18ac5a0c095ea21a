/// Participation stated as a proportion in words, and the round deadline.
extension RequestAnalyzer {
    /// Phrases saying that clients take part in a round (after a count or a proportion).
    static let takingPart = [
        "per round", "each round", "every round", "a round", "online", "connected", "reachable", "available", "awake",
        "participat*", "take part", "takes part", "at a time", "at once", "selected", "sampled", "chosen", "active",
        "in range", "join*", "charging", "plugged in", "at any moment", "at any time", "at any given time",
        "at any one time",
    ]
    /// Phrases saying that clients are away: the proportion is of those who do not take part.
    static let away = [
        "offline", "asleep", "busy", "unavailable", "unreachable", "disconnected", "idle", "out of range",
        "switched off",
        "powered off",
    ]

    /// A proportion ("half", "a fifth", "one in ten", "2 out of 5", "15 of 150", "0.3 of")
    /// followed within eight words of its sentence by a `takingPart` phrase ("half of them are online
    /// at a time"), or by an `away` one, which counts the others ("three out of four phones are busy").
    static func proportionTakingPart(in text: RequestText) -> Double? {
        let words = text.words
        for i in words.indices {
            guard let (value, length) = NumberReading.proportion(in: words, at: i),
                !isDuration(after: i + length, in: words)
            else { continue }
            let sentence = text.sentence(of: i)
            let after = (i + length)..<min(sentence.upperBound, i + length + 8)
            guard !after.isEmpty else { continue }
            let nearest = { (phrases: [String]) in phrases.compactMap { text.first($0, in: after)?.lowerBound }.min() }
            switch (nearest(takingPart), nearest(away)) {
            case (let part?, let gone?): return part <= gone ? value : 1 - value
            case (_?, nil): return value
            case (nil, _?): return 1 - value
            case (nil, nil): continue
            }
        }
        return nil
    }

    /// A number with a half before a time unit: "half a" (0.5), "one and a half" (1.5).
    private static func halfDuration(at index: Int, in words: [String]) -> (value: Double, length: Int)? {
        if words[index] == "half", index + 1 < words.count, ["a", "an"].contains(words[index + 1]) { return (0.5, 2) }
        guard let (n, length) = NumberReading.integer(in: words, at: index), index + length + 2 < words.count,
            words[index + length] == "and", ["a", "an"].contains(words[index + length + 1]),
            words[index + length + 2] == "half"
        else { return nil }
        return (Double(n) + 0.5, length + 3)
    }

    /// Whether a time unit follows at `index`, making the proportion before it a duration ("a half
    /// minute", "one and a half minutes", "half a minute").
    private static func isDuration(after index: Int, in words: [String]) -> Bool {
        let next = index < words.count ? words[index] : ""
        let after = index + 1 < words.count ? words[index + 1] : ""
        return units[next] != nil || (["a", "an"].contains(next) && units[after] != nil)
    }

    /// Seconds per time-unit word.
    private static let units: [String: Double] = [
        "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "min": 60, "mins": 60, "minute": 60,
        "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    ]

    /// The round deadline in seconds: a duration ("30 seconds", "2 minutes", "45 s", "one minute")
    /// in a sentence that speaks of a round or a deadline ("each round should finish within 30
    /// seconds", "a round deadline of 3 minutes", "Deadline 5 seconds per round"). A duration after
    /// "every" is a period, not a deadline.
    static func roundDeadline(in text: RequestText) -> Double? {
        let words = text.words
        for i in words.indices {
            let number: (value: Double, length: Int)? =
                halfDuration(at: i, in: words) ?? Double(words[i]).map { ($0, 1) }
                ?? NumberReading.integer(in: words, at: i).map { (Double($0.value), $0.length) }
            guard let (value, length) = number, value > 0, i + length < words.count,
                let unit = units[words[i + length]], i == 0 || words[i - 1] != "every"
            else { continue }
            let sentence = text.sentence(of: i)
            if ["round*", "deadline*", "time limit*", "timeout*"].contains(where: { text.contains($0, in: sentence) }) {
                return value * unit
            }
        }
        return nil
    }
}
