/// The features the learned cue layer (`CueModel`) reads from a request, all binary; the same as
/// `scripts/dev/cue_features.py`, which fits the model (a test checks the two agree on the
/// script's own check requests):
/// - `w:<stem>`: a word's `WordForm` stem (a word with a digit is `<num>`; a few function words are
///   left out);
/// - `b:<stem> <stem>`: two words in a row in one sentence (not two function words);
/// - `c:<group>`: a `ConceptLexicon` group's word or plain phrase (patterns with gaps are left out);
/// - `p:<group>+<group>`: two groups in one sentence, names in order.
/// A word up to four words after a negation ("no", "not", "never", "without", "don't" ...) in its
/// sentence, before any "but", is negated: its features get a `~` prefix and it forms no pairs, so
/// "we don't care about privacy" gives `~w:privacy`, not `w:privacy`.
enum CueFeatures {
    static let functionWords: Set<String> = [
        "a", "an", "the", "and", "to", "of", "we", "our", "is", "are", "be", "it", "this", "that", "i", "you",
    ]
    /// Words that open a negation's scope ("t" is what is left of "don't", "isn't").
    static let negations: Set<String> = ["no", "not", "never", "without", "none", "neither", "nor", "nothing", "t"]
    /// How many words after a negation it reaches.
    static let scope = 4

    /// The features of `text`.
    static func of(_ text: RequestText) -> Set<String> {
        let negated = negatedWords(in: text)
        var features = wordFeatures(text, negated: negated)
        features.formUnion(conceptFeatures(text, negated: negated))
        return features
    }

    /// The positions of the words a negation reaches.
    static func negatedWords(in text: RequestText) -> Set<Int> {
        var negated: Set<Int> = []
        for (i, word) in text.words.enumerated() where negations.contains(word) {
            for j in (i + 1)..<min(text.words.count, i + 1 + scope) {
                if text.sentences[j] != text.sentences[i] || text.words[j] == "but" { break }
                negated.insert(j)
            }
        }
        return negated
    }

    /// A word's token: `<num>` if it has a digit 0–9, else its stem.
    static func token(_ word: String) -> String {
        word.contains { ("0"..."9").contains($0) } ? "<num>" : WordForm.split(word).stem
    }

    private static func wordFeatures(_ text: RequestText, negated: Set<Int>) -> Set<String> {
        let tokens = text.words.map(token)
        var features: Set<String> = []
        for (i, t) in tokens.enumerated() {
            let mark = negated.contains(i) ? "~" : ""
            if !functionWords.contains(t) { features.insert(mark + "w:" + t) }
            if i + 1 < tokens.count, text.sentences[i + 1] == text.sentences[i],
                !(functionWords.contains(t) && functionWords.contains(tokens[i + 1]))
            {
                features.insert(mark + "b:" + t + " " + tokens[i + 1])
            }
        }
        return features
    }

    private static func conceptFeatures(_ text: RequestText, negated: Set<Int>) -> Set<String> {
        var features: Set<String> = []
        var bySentence: [Int: Set<String>] = [:]
        for (name, cues) in compiledGroups {
            for cue in cues {
                for range in text.matches(cue) {
                    if negated.contains(range.lowerBound) {
                        features.insert("~c:" + name)
                    } else {
                        features.insert("c:" + name)
                        bySentence[text.sentences[range.lowerBound], default: []].insert(name)
                    }
                }
            }
        }
        for names in bySentence.values {
            let ordered = names.sorted()
            for (a, first) in ordered.enumerated() {
                for second in ordered[(a + 1)...] { features.insert("p:" + first + "+" + second) }
            }
        }
        return features
    }

    /// The `ConceptLexicon` groups' patterns without gaps, compiled once.
    static let compiledGroups: [(String, [Cue])] = ConceptLexicon.groups.map { name, patterns in
        (name, patterns.filter { !$0.split(separator: " ").contains { $0.hasPrefix("~") } }.map(Cue.init))
    }
}
