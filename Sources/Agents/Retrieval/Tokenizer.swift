/// Turns text into the terms BM25 counts: lowercase, split at anything that is not a letter or a
/// digit, drop a short list of stop words, then strip a few common English suffixes.
///
/// The stemming is deliberately light and predictable (no dictionary): one of `ies→y`, `sses→ss`,
/// `ing`, `ed`, `s` is removed when enough of the word is left, a doubled final consonant left by
/// `ing`/`ed` is undoubled, and a final `e` is dropped from words longer than four letters. So
/// "imbalanced" and "imbalance" both become "imbalanc", "devices" and "device" both "devic".
package struct Tokenizer: Sendable {
    /// Words too common in requests and cards to help ranking.
    package static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "is", "are", "be",
        "been", "that", "this", "these", "it", "its", "as", "at", "from", "each", "me", "my", "i", "we",
        "our", "you", "your", "help", "build", "need", "will", "can", "which", "whose", "their", "them",
        "they", "so", "than", "while", "into", "across", "over", "only", "not", "no", "all", "some",
        "has", "have", "do", "does", "was", "were", "who", "what", "how", "one",
    ]

    package init() {}

    /// The terms of `text`, in order, repeats kept.
    package func terms(_ text: String) -> [String] {
        words(text).filter { !Self.stopWords.contains($0) }.map(stem)
    }

    /// Lowercased runs of letters and digits.
    func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The light stem of one lowercase word (see the type's documentation).
    package func stem(_ word: String) -> String {
        guard word.count > 3, word.allSatisfy(\.isLetter) else { return word }
        var w = word
        if w.hasSuffix("ies"), w.count > 4 {
            w = String(w.dropLast(3)) + "y"
        } else if w.hasSuffix("sses") {
            w = String(w.dropLast(2))
        } else if w.hasSuffix("ing"), w.count >= 7 {
            w = undouble(String(w.dropLast(3)))
        } else if w.hasSuffix("ed"), w.count >= 6 {
            w = undouble(String(w.dropLast(2)))
        } else if w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") {
            w = String(w.dropLast())
        }
        if w.hasSuffix("e"), w.count > 4 { w = String(w.dropLast()) }
        return w
    }

    /// "dropp" → "drop", "labell" → "label"; "ss" stays.
    private func undouble(_ w: String) -> String {
        let chars = Array(w)
        guard chars.count >= 2, let last = chars.last, last != "s", chars[chars.count - 2] == last,
            !"aeiou".contains(last)
        else { return w }
        return String(chars.dropLast())
    }
}
