/// Reads numbers written with digits ("15", "1,000", "0.5", "1/2") or English words ("five",
/// "twenty five", "a dozen", "two hundred") from `RequestText` words.
enum NumberReading {
    private static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    private static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90,
    ]

    /// A whole number starting at word `index`, with how many words it took, or nil.
    static func integer(in words: [String], at index: Int) -> (value: Int, length: Int)? {
        guard words.indices.contains(index) else { return nil }
        let word = words[index]
        if let digits = Int(word.filter { $0 != "," }), word.first?.isNumber == true {
            return (digits, 1)
        }
        if word == "a" || word == "an" {
            let next = index + 1 < words.count ? words[index + 1] : ""
            if next == "dozen" { return (12, 2) }
            if next == "hundred" { return (100, 2) }
            return nil
        }
        if word == "dozen" { return (12, 1) }
        var value: Int
        var length = 1
        if let u = units[word] {
            value = u
        } else if let t = tens[word] {
            value = t
            if index + 1 < words.count, let u = units[words[index + 1]], u < 10, u > 0 {
                value += u
                length = 2
            }
        } else {
            return nil
        }
        if index + length < words.count, words[index + length] == "hundred" {
            value *= 100
            length += 1
        }
        // "two dozen", "eight thousand", "five hundred thousand".
        if index + length < words.count, let scale = scales[words[index + length]] {
            value *= scale
            length += 1
        }
        return (value, length)
    }

    private static let scales = ["dozen": 12, "thousand": 1000]

    /// Fraction words and their values: "half", "third", "quarter", "fifth", "tenth".
    private static let parts: [String: Double] = [
        "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
        "fifth": 5, "fifths": 5, "sixth": 6, "eighth": 8, "tenth": 10, "tenths": 10, "twentieth": 20,
    ]

    /// A proportion in (0, 1] starting at word `index`, with how many words it took: "half",
    /// "a quarter", "two thirds", "one in ten", "2 out of 5", "15 of 150", "0.3 of", "1/4".
    /// "N of M" needs M > N so that "8 of them" or "2 of the clients" are not read as proportions.
    static func proportion(in words: [String], at index: Int) -> (value: Double, length: Int)? {
        guard words.indices.contains(index) else { return nil }
        let word = words[index]
        if let denominator = parts[word], word == "half" || word == "halves" {
            return (1 / denominator, 1)
        }
        // "1/4", or a decimal before "of" ("0.3 of the sensors"); a bare decimal is no proportion.
        if let f = fraction(word), word.contains("/") || (index + 1 < words.count && words[index + 1] == "of") {
            return (f, 1)
        }
        if (word == "a" || word == "one"), index + 1 < words.count, let d = parts[words[index + 1]] {
            return (1 / d, 2)
        }
        guard let (n, length) = integer(in: words, at: index), n > 0 else { return nil }
        var next = index + length
        if next < words.count, let d = parts[words[next]], Double(n) < d {
            return (Double(n) / d, length + 1)
        }
        guard next < words.count, ["in", "of", "out"].contains(words[next]) else { return nil }
        if words[next] == "out" {
            guard next + 1 < words.count, words[next + 1] == "of" else { return nil }
            next += 1
        }
        guard let (m, mLength) = integer(in: words, at: next + 1), m > n else { return nil }
        return (Double(n) / Double(m), next + 1 + mLength - index)
    }

    /// A fraction or decimal word in (0, 1]: "1/2" → 0.5, "0.25" → 0.25; nil otherwise.
    static func fraction(_ word: String) -> Double? {
        let parts = word.split(separator: "/")
        if parts.count == 2, let n = Double(parts[0]), let d = Double(parts[1]), d > 0, n > 0, n <= d {
            return n / d
        }
        if word.contains("."), let v = Double(word), v > 0, v <= 1 { return v }
        return nil
    }
}
