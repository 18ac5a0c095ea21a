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
        return (value, length)
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
