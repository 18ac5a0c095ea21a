/// Client counts said without "number then participant noun": a labelled value ("Phones: 10,000",
/// "banks = 7"), a collective noun ("a consortium of twelve"), or a count after its noun
/// ("wearables, about 80 of them").
extension RequestAnalyzer {
    /// Nouns for a group of participants, whose "of N" is the client count.
    private static let collectives: Set<String> = [
        "consortium", "group", "network", "federation", "fleet", "alliance", "coalition", "collective", "pool",
        "cluster", "union", "association",
    ]

    /// The first count said in one of the other ways, or nil.
    static func countWithoutNumberFirst(in text: RequestText) -> Int? {
        labelledCount(in: text) ?? collectiveCount(in: text) ?? countOfThem(in: text)
    }

    /// A participant noun right before a number in its sentence: "Phones: 10,000" (the colon is not a
    /// word), "clients = 20".
    private static func labelledCount(in text: RequestText) -> Int? {
        let words = text.words
        for i in words.indices.dropLast() where text.sentences[i + 1] == text.sentences[i] {
            guard nouns.contains(where: { text.contains($0.0, in: i..<(i + 1)) }),
                let (value, length) = NumberReading.integer(in: words, at: i + 1), value >= 2
            else { continue }
            // "phones 10,000 train…" but not "clients 2 of which…" or "hospitals 3 times".
            let after = i + 1 + length
            if after < words.count, text.sentences[after] == text.sentences[i],
                ["of", "times", "x", "%", "percent"].contains(words[after])
            {
                continue
            }
            return value
        }
        return nil
    }

    /// "a consortium of twelve", "a fleet of 300" (a number after a collective noun and "of").
    private static func collectiveCount(in text: RequestText) -> Int? {
        let words = text.words
        for i in words.indices where collectives.contains(words[i]) {
            guard i + 2 < words.count, words[i + 1] == "of",
                let (value, _) = NumberReading.integer(in: words, at: i + 2), value >= 2
            else { continue }
            return value
        }
        return nil
    }

    /// "N of them" after the participants were named ("smart-home hubs, 700 of them"), when no phrase
    /// of taking part follows (then it is a per-round count: "30 of them per round").
    private static func countOfThem(in text: RequestText) -> Int? {
        let words = text.words
        for i in words.indices {
            guard let (value, length) = NumberReading.integer(in: words, at: i), value >= 2,
                i + length + 1 < words.count, words[i + length] == "of", words[i + length + 1] == "them"
            else { continue }
            let after = (i + length + 2)..<min(words.count, i + length + 8)
            if takingPart.contains(where: { text.contains($0, in: after) }) { continue }
            return value
        }
        return nil
    }
}
