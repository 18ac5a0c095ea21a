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
            if next == "hundred" {
                let rest = andBelowHundred(in: words, at: index + 2)
                return (100 + (rest?.value ?? 0), 2 + (rest?.length ?? 0))
            }
            if next == "thousand" { return (1000, 2) }
            return nil
        }
        if word == "dozen" { return (12, 1) }
        guard let (small, smallLength) = belowHundred(in: words, at: index) else { return nil }
        var value = small
        var length = smallLength
        // "two hundred", "two hundred and fifty", "five hundred thousand", "two thousand five hundred".
        if index + length < words.count, words[index + length] == "hundred" {
            value *= 100
            length += 1
            if let (rest, restLength) = andBelowHundred(in: words, at: index + length) {
                value += rest
                length += restLength
            }
        }
        if index + length < words.count, let scale = scales[words[index + length]] {
            value *= scale
            length += 1
            if scale == 1000, let (rest, restLength) = thousandRest(in: words, at: index + length) {
                value += rest
                length += restLength
            }
        }
        return (value, length)
    }

    /// "twenty five", "twelve", "ninety": a number below 100 in words.
    private static func belowHundred(in words: [String], at index: Int) -> (value: Int, length: Int)? {
        guard words.indices.contains(index) else { return nil }
        if let u = units[words[index]] { return (u, 1) }
        guard let t = tens[words[index]] else { return nil }
        if index + 1 < words.count, let u = units[words[index + 1]], u < 10, u > 0 { return (t + u, 2) }
        return (t, 1)
    }

    /// "and twenty" after "hundred" ("a hundred and twenty"), or a plain tens word ("two hundred
    /// twenty five"); a plain unit is not taken ("a hundred, one in ten of them" loses its comma).
    private static func andBelowHundred(in words: [String], at index: Int) -> (value: Int, length: Int)? {
        guard words.indices.contains(index) else { return nil }
        if words[index] == "and", let (v, l) = belowHundred(in: words, at: index + 1) { return (v, l + 1) }
        return tens[words[index]] != nil ? belowHundred(in: words, at: index) : nil
    }

    /// What follows "thousand": "five hundred [and ten]", "and fifty", "twenty".
    private static func thousandRest(in words: [String], at index: Int) -> (value: Int, length: Int)? {
        if let (v, l) = belowHundred(in: words, at: index), index + l < words.count, words[index + l] == "hundred" {
            var value = v * 100
            var length = l + 1
            if let (rest, restLength) = andBelowHundred(in: words, at: index + length) {
                value += rest
                length += restLength
            }
            return (value, length)
        }
        return andBelowHundred(in: words, at: index)
    }

    private static let scales = ["dozen": 12, "thousand": 1000]

    /// Fraction words and their values: "half", "third", "quarter", "fifth", "tenth".
    private static let parts: [String: Double] = [
        "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
        "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "eighth": 8, "eighths": 8, "ninth": 9,
        "tenth": 10, "tenths": 10, "twentieth": 20,
    ]

    /// A proportion in (0, 1] starting at word `index`, with how many words it took: "half",
    /// "a quarter", "two thirds", "one in ten", "one phone in four", "2 out of 5", "15 of 150", "8 of
    /// the 32", "0.3 of", "1/4". "N of M" needs M > N so that "8 of them" or "2 of the clients" are
    /// not read as proportions; up to two words may sit between N and "in"/"out of", none a number.
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
        let next = index + length
        if next < words.count, let d = parts[words[next]], Double(n) < d {
            return (Double(n) / d, length + 1)
        }
        // "one in ten", "one phone in four", "2 out of 5", "15 of 150", "8 of the 32".
        for skip in 0...2 where next + skip < words.count {
            var at = next + skip
            if skip > 0, integer(in: words, at: next + skip - 1) != nil { break }
            switch words[at] {
            case "in": at += 1
            case "out" where at + 1 < words.count && words[at + 1] == "of": at += 2
            case "of" where skip == 0:
                at += 1
                if at < words.count, words[at] == "the" { at += 1 }
            default: continue
            }
            guard let (m, mLength) = integer(in: words, at: at), m > n else { return nil }
            return (Double(n) / Double(m), at + mLength - index)
        }
        return nil
    }

    /// A percentage starting at word `index` as a value in (0, 100], with how many words it took:
    /// "30 %", "2.5 %", "20 percent", "ten per cent", "twenty five percent".
    static func percent(in words: [String], at index: Int) -> (value: Double, length: Int)? {
        guard words.indices.contains(index) else { return nil }
        let number: (value: Double, length: Int)? =
            words[index].first?.isNumber == true
            ? Double(words[index].filter { $0 != "," }).map { ($0, 1) }
            : integer(in: words, at: index).map { (Double($0.value), $0.length) }
        guard let (value, length) = number, value > 0, value <= 100 else { return nil }
        let next = index + length
        guard next < words.count else { return nil }
        if words[next] == "%" || words[next] == "percent" { return (value, length + 1) }
        if words[next] == "per", next + 1 < words.count, words[next + 1] == "cent" { return (value, length + 2) }
        return nil
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
