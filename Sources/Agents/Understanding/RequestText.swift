/// A request split into lowercase words with sentence numbers, and a matcher for cue patterns.
///
/// Words are runs of letters and digits; a `.`, `/` or `,` between two digits stays inside the word
/// ("0.5", "1/2", "1,000"); `%` is a word of its own; everything else (spaces, hyphens,
/// apostrophes, brackets) separates words. So "ResNet-8" is `resnet 8`, "30%" is `30 %`,
/// "Fashion-MNIST-LT" is `fashion mnist lt`.
struct RequestText {
    /// The words, lowercased, in order.
    let words: [String]
    /// The sentence number of each word (a sentence ends at `.`, `!`, `?` or `;` not inside a number).
    let sentences: [Int]

    init(_ text: String) {
        let chars = Array(text.lowercased())
        var words: [String] = []
        var sentences: [Int] = []
        var current = ""
        var sentence = 0
        func flush() {
            if !current.isEmpty {
                words.append(current)
                sentences.append(sentence)
                current = ""
            }
        }
        for (i, ch) in chars.enumerated() {
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if ".,/".contains(ch), current.last?.isNumber == true, next?.isNumber == true {
                current.append(ch)
            } else if ch == "%" {
                flush()
                current = "%"
                flush()
            } else {
                flush()
                if ".!?;".contains(ch) { sentence += 1 }
            }
        }
        flush()
        self.words = words
        self.sentences = sentences
    }

    /// Word ranges where `cue` matches, in order of their start. A match stays within one sentence.
    func matches(_ cue: Cue, in range: Range<Int>? = nil) -> [Range<Int>] {
        let scope = range ?? words.indices
        return scope.compactMap { start in
            end(of: cue.parts[...], from: start, limit: min(scope.upperBound, sentenceEnd(of: start))).map {
                start..<$0
            }
        }
    }

    /// The word range of the sentence that holds word `index`.
    func sentence(of index: Int) -> Range<Int> {
        let number = sentences[index]
        let start = (sentences[..<index].lastIndex { $0 != number }).map { $0 + 1 } ?? 0
        return start..<sentenceEnd(of: index)
    }

    private func sentenceEnd(of index: Int) -> Int {
        guard sentences.indices.contains(index) else { return words.count }
        let number = sentences[index]
        return sentences[index...].firstIndex { $0 != number } ?? words.count
    }

    /// The first match of `pattern` (see `Cue`), if any.
    func first(_ pattern: String, in range: Range<Int>? = nil) -> Range<Int>? {
        matches(Cue(pattern), in: range).first
    }

    /// Whether `pattern` (see `Cue`) matches anywhere in `range` (the whole text when nil).
    func contains(_ pattern: String, in range: Range<Int>? = nil) -> Bool {
        first(pattern, in: range) != nil
    }

    /// The words of a range joined by spaces (for evidence in reports).
    func phrase(_ range: Range<Int>) -> String {
        words[range.clamped(to: words.indices)].joined(separator: " ")
    }

    /// Where a match of `parts` starting at word `index` ends, or nil if it does not match.
    private func end(of parts: ArraySlice<Cue.Part>, from index: Int, limit: Int) -> Int? {
        guard let part = parts.first else { return index }
        let rest = parts.dropFirst()
        switch part {
        case .gap(let most):
            for skip in 0...most where index + skip <= limit {
                if let e = end(of: rest, from: index + skip, limit: limit) { return e }
            }
            return nil
        case .word(let text, let prefix):
            guard index < limit else { return nil }
            if Self.fits(words[index], text, prefix: prefix) { return end(of: rest, from: index + 1, limit: limit) }
            // A word the request hyphenated or spaced ("mis-labelled", "drop-out", "fine tune") is one
            // word of a cue ("mislabel*", "dropout*", "finetun*").
            if index + 1 < limit, Self.fits(words[index] + words[index + 1], text, prefix: prefix) {
                return end(of: rest, from: index + 2, limit: limit)
            }
            return nil
        }
    }

    /// Whether a request word is a cue word: its prefix for a `*` word; else the same word or, for
    /// a cue word in its base form, another form of it ("outages" for "outage", "dropped" for
    /// "drop"); an inflected cue word takes only the same inflection ("labelled" for "labeled",
    /// never "meters" for "metered").
    private static func fits(_ word: String, _ cue: String, prefix: Bool) -> Bool {
        if prefix { return word.hasPrefix(cue) }
        guard word != cue else { return true }
        guard word.first == cue.first else { return false }
        let (w, c) = (WordForm.split(word), WordForm.split(cue))
        return w.stem == c.stem && (c.ending.isEmpty || c.ending == w.ending)
    }
}

/// The stem of an English word for matching its forms, and the ending removed: plural and verb
/// endings ("s", "ed", "ing"), a doubled final consonant undone ("dropped" → "drop", "labelling" →
/// "label", "batteries" → "battery"). Words of four letters or fewer are their own stem, so short
/// words ("dp", "wan", "lab") never match longer ones.
enum WordForm {
    static func split(_ word: String) -> (stem: String, ending: String) {
        guard word.count > 4, word.allSatisfy(\.isLetter) else { return (word, "") }
        var w = word
        var ending = ""
        if w.hasSuffix("ies") {
            w = String(w.dropLast(3)) + "y"
            ending = "s"
        } else if w.hasSuffix("ing") && w.count > 6 {
            w = String(w.dropLast(3))
            ending = "ing"
        } else if w.hasSuffix("ed") && w.count > 5 {
            w = String(w.dropLast(2))
            ending = "ed"
        } else if w.hasSuffix("es"), ["ss", "sh", "ch", "x"].contains(where: { w.dropLast(2).hasSuffix($0) }) {
            w = String(w.dropLast(2))
            ending = "s"
        } else if w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") {
            w = String(w.dropLast())
            ending = "s"
        }
        if let last = w.last, w.count > 3, w.dropLast().last == last, !"aeiou".contains(last) {
            w = String(w.dropLast())
        }
        if w.count > 3, w.hasSuffix("e") { w = String(w.dropLast()) }
        return (w, ending)
    }
}

/// A cue pattern: words separated by spaces, matched against consecutive request words.
///
/// A word ending in `*` matches any word starting with it (`imbalanc*` matches "imbalanced"); other
/// words match exactly; a lone `~` lets up to three arbitrary words sit in between
/// (`few ~ categor*` matches "few clothing categories"), `~~` up to ten (within the sentence,
/// like every match: "labels come from a crowd of temp workers and are often wrong"), `~~~` any
/// number within the sentence. Patterns should be written as the
/// `RequestText` splits words: "long-tail" is written `long tail`, "30%" `30 %`.
struct Cue: Sendable {
    enum Part: Sendable {
        case word(String, prefix: Bool)
        case gap(Int)
    }

    let parts: [Part]

    init(_ pattern: String) {
        parts = pattern.lowercased().split(separator: " ").map { token in
            if token == "~" { return .gap(3) }
            if token == "~~" { return .gap(10) }
            if token == "~~~" { return .gap(60) }
            if token.hasSuffix("*") { return .word(String(token.dropLast()), prefix: true) }
            return .word(String(token), prefix: false)
        }
    }
}
