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
                || (["budget", "loss"].contains(words[i]) && i > 0 && words[i - 1] == "privacy")
            let isDelta = words[i] == "δ" || words[i] == "delta"
            guard isEpsilon || isDelta else { continue }
            for j in (i + 1)..<min(words.count, i + 5) {
                guard let value = number(in: words, at: j, belowOne: isDelta) else { continue }
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
        if epsilon == nil, let (e, d) = pairBeforeDP(in: words) {
            epsilon = e
            if delta == nil { delta = d }
        }
        return (epsilon, delta)
    }

    /// "(2, 1e-5)-DP", "(4, 10^-6)-differential privacy", "1-differentially private": the values
    /// right before "dp" or "differential…" (within five words, the last one next to it), ε first,
    /// then δ if one is below 1.
    private static func pairBeforeDP(in words: [String]) -> (Double, Double?)? {
        for i in words.indices where words[i] == "dp" || words[i].hasPrefix("differential") {
            var values: [Double] = []
            var j = max(0, i - 5)
            var adjacent = false
            while j < i {
                if let value = number(in: words, at: j, belowOne: !values.isEmpty) {
                    // `1e 5` and `10 5` are one number each.
                    j += value < 1 && (words[j].hasSuffix("e") || words[j] == "10") ? 2 : 1
                    values.append(value)
                    adjacent = j == i
                } else {
                    // Only the run of numbers that ends at "dp" counts.
                    j += 1
                    adjacent = false
                    values = []
                }
            }
            guard adjacent, let epsilon = values.first, epsilon > 0, epsilon < 1000 else { continue }
            return (epsilon, values.dropFirst().first { $0 > 0 && $0 < 1 })
        }
        return nil
    }

    /// The number at `index`: a decimal, an integer in digits or words, or `Ne` followed by digits
    /// (scientific notation with a negative exponent, the hyphen having split it).
    /// `belowOne`: the value is a δ, so "10 5" (from "10^-5") is 10⁻⁵.
    private static func number(in words: [String], at index: Int, belowOne: Bool = false) -> Double? {
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
        // "10^-5", "10-5" for δ (the caret and minus separate words): 10 then a small exponent.
        if belowOne, word == "10", index + 1 < words.count, let exponent = Int(words[index + 1]),
            (2...15).contains(exponent)
        {
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
