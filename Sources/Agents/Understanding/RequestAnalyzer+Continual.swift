/// How many class-incremental tasks a continual request describes.
extension RequestAnalyzer {
    /// Nouns that count the waves new classes arrive in: "in three waves", "4 tasks", "five stages".
    private static let waveNouns = [
        "task*", "wave*", "stage*", "phase*", "batches", "increment*", "installment*", "instalment*", "episode*",
        "release*",
    ]

    /// Lengths of calendar periods in weeks, for "new categories every month for a year".
    private static let periodWeeks: [String: Double] = [
        "day": 1.0 / 7, "week": 1, "fortnight": 2, "month": 52.0 / 12, "quarter": 13, "season": 13, "year": 52,
    ]
    /// Adverbs that name a period: "new lines monthly".
    private static let periodAdverbs: [String: String] = [
        "daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year",
        "annually": "year", "seasonally": "season",
    ]

    /// The task waves a continual request states, or nil: a count of waves ("classes arrive in three
    /// waves", "4 tasks", "in five phases"), else a period over a span ("new categories every month
    /// for a year" is 12, "every quarter over two years" 8). Only read for a continual request; a
    /// count below 2 is no sequence of tasks.
    static func continualTasks(in text: RequestText, continual: Bool) -> Int? {
        guard continual else { return nil }
        if let waves = waveCount(in: text) { return waves }
        guard let period = period(in: text), let span = span(in: text), span > period else { return nil }
        let count = Int((span / period).rounded())
        return count >= 2 ? count : nil
    }

    /// "N [up to two words] wave-noun" ("three waves", "5 class-incremental tasks", "tasks: 4").
    private static func waveCount(in text: RequestText) -> Int? {
        let words = text.words
        for i in words.indices {
            // "tasks: 4", "number of tasks = 4".
            if waveNouns.contains(where: { text.contains($0, in: i..<(i + 1)) }), i + 1 < words.count,
                text.sentences[i + 1] == text.sentences[i],
                let (value, _) = NumberReading.integer(in: words, at: i + 1), value >= 2, value <= 100
            {
                return value
            }
            guard let (value, length) = NumberReading.integer(in: words, at: i), value >= 2, value <= 100 else {
                continue
            }
            for j in (i + length)..<min(words.count, i + length + 3) where text.sentences[j] == text.sentences[i] {
                if waveNouns.contains(where: { text.contains($0, in: j..<(j + 1)) }) { return value }
                // "12 clients, tasks: 2": the number counts the clients.
                if NumberReading.integer(in: words, at: j) != nil
                    || nouns.contains(where: { text.contains($0.0, in: j..<(j + 1)) })
                    || ["of", "per", "for", "each", "every"].contains(words[j])
                {
                    break
                }
            }
        }
        return nil
    }

    /// The period new classes come at, in weeks: "every month", "each quarter", "monthly".
    private static func period(in text: RequestText) -> Double? {
        let words = text.words
        for (i, word) in words.enumerated() {
            if let unit = periodAdverbs[word] { return periodWeeks[unit] }
            guard ["every", "each", "per"].contains(word), i + 1 < words.count else { continue }
            if let weeks = weeks(of: words[i + 1]) { return weeks }
            // "every 2 months", "every six weeks".
            if let (n, length) = NumberReading.integer(in: words, at: i + 1), i + 1 + length < words.count,
                let weeks = weeks(of: words[i + 1 + length])
            {
                return Double(n) * weeks
            }
        }
        return nil
    }

    /// Words between a span's preposition and its length: "over the next two years".
    private static let spanFillers: Set<String> = ["the", "next", "first", "whole", "entire", "full", "coming", "past"]

    /// The time the sequence spans, in weeks: "for a year", "over two years", "across 18 months".
    private static func span(in text: RequestText) -> Double? {
        let words = text.words
        let prepositions: Set<String> = ["for", "over", "during", "across", "within", "throughout"]
        for (i, word) in words.enumerated() where prepositions.contains(word) {
            var j = i + 1
            while j < words.count, spanFillers.contains(words[j]) { j += 1 }
            guard j + 1 < words.count else { continue }
            if ["a", "an", "one"].contains(words[j]), let weeks = weeks(of: words[j + 1]) { return weeks }
            if let (value, length) = NumberReading.integer(in: words, at: j), j + length < words.count,
                let weeks = weeks(of: words[j + length])
            {
                return Double(value) * weeks
            }
        }
        return nil
    }

    /// The length in weeks of a period word, singular or plural ("month", "quarters").
    private static func weeks(of word: String) -> Double? {
        periodWeeks[word] ?? (word.hasSuffix("s") ? periodWeeks[String(word.dropLast())] : nil)
    }
}
