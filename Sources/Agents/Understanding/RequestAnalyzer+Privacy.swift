extension RequestAnalyzer {
    /// A differential-privacy target the request states: ε after "ε", "epsilon" or "privacy budget"
    /// (within four words: "ε = 2", "epsilon of at most 1.5", "a privacy budget of 8"), and δ after
    /// "δ" or "delta", its first value below 1 within four words (a decimal, or "1e-5", which the text
    /// splits into `1e` and `5`). A value out of
    /// range (ε not positive, δ not below 1) is not taken.
    static func privacyTarget(in text: RequestText) -> (epsilon: Double?, delta: Double?) {
        let words = text.words
        var epsilon: Double?, delta: Double?
        for i in words.indices {
            let isEpsilon =
                words[i] == "ε" || words[i] == "epsilon" || words[i] == "eps"
                || (words[i] == "budget" && i > 0 && words[i - 1] == "privacy")
            let isDelta = words[i] == "δ" || words[i] == "delta"
            guard isEpsilon || isDelta else { continue }
            for j in (i + 1)..<min(words.count, i + 5) {
                guard let value = number(in: words, at: j) else { continue }
                if isEpsilon {
                    if epsilon == nil, value > 0, value < 1000 { epsilon = value }
                    break
                }
                // "(ε, δ) = (3, 1e-5)": δ's value is the first one below 1 after it.
                if delta == nil, value > 0, value < 1 {
                    delta = value
                    break
                }
            }
        }
        return (epsilon, delta)
    }

    /// The number at `index`: a decimal, an integer in digits or words, or `Ne` followed by digits
    /// (scientific notation with a negative exponent, the hyphen having split it).
    private static func number(in words: [String], at index: Int) -> Double? {
        let word = words[index]
        if word.hasSuffix("e"), let mantissa = Double(word.dropLast()), index + 1 < words.count,
            let exponent = Int(words[index + 1])
        {
            return mantissa * pow10(-exponent)
        }
        // "10⁻⁵": the superscript minus separates words, the superscript digits stay one.
        let superscripts: [Character: Int] = [
            "⁰": 0, "¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9,
        ]
        if word == "10", index + 1 < words.count, !words[index + 1].isEmpty,
            words[index + 1].allSatisfy({ superscripts[$0] != nil })
        {
            let exponent = words[index + 1].reduce(0) { $0 * 10 + (superscripts[$1] ?? 0) }
            return pow10(-exponent)
        }
        if let value = Double(word) { return value }
        return NumberReading.integer(in: words, at: index).map { Double($0.value) }
    }

    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(n) { result *= 10 }
        return n < 0 ? 1 / result : result
    }
}
