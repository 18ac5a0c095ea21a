/// How the server's data agent reads one client label: the task class it stands for (nil: none),
/// how that was found, and whether it is sure.
package struct LabelResolution: Codable, Sendable, Equatable {
    package enum Method: String, Codable, Sendable, Equatable {
        /// The class's own name, after normalization (case, accents, punctuation).
        case exact
        /// A synonym or translation in the glossary.
        case glossary
        /// A close spelling of a known word (unsure: the human gate is asked).
        case closeSpelling = "close-spelling"
        /// The LLM's reading (unsure: the human gate is asked).
        case llm
        /// The human's answer at the gate.
        case human
        /// A word covering several classes: its samples cannot be given one class.
        case umbrella
        /// A class the task leaves out.
        case excluded
        /// Nothing known matches.
        case unknown
    }

    package var label: String
    package var target: String?
    package var method: Method
    package var sure: Bool
    package var reason: String
}

/// Resolves labels onto a task's classes with normalization, the glossary and close spellings:
/// pure and offline, tested alone.
package struct LabelResolver: Sendable {
    /// The task's classes.
    package var classes: [String]

    package init(classes: [String]) { self.classes = classes }

    /// The reading of `label`.
    package func resolve(_ label: String) -> LabelResolution {
        let key = LabelGlossary.normalize(label)
        var r = LabelResolution(label: label, target: nil, method: .unknown, sure: false, reason: "")
        if key.isEmpty {
            (r.sure, r.reason) = (true, "blank label")
        } else if let found = LabelGlossary.lookUp(key) {
            let own = LabelGlossary.normalize(found) == key || LabelGlossary.normalize(found) + "s" == key
            (r.target, r.method, r.sure) = (found, own ? .exact : .glossary, true)
            r.reason = own ? "the class's own name" : "'\(key)' means \(found)"
        } else if let several = LabelGlossary.covers(key) {
            (r.method, r.sure) = (.umbrella, true)
            r.reason = "'\(key)' covers \(several.joined(separator: ", ")): no one class"
        } else if let (word, found) = closestWord(to: key) {
            (r.target, r.method) = (found, .closeSpelling)
            r.reason = "close to '\(word)' (\(found))"
        } else {
            r.reason = "no known word matches '\(key)'"
        }
        return excluding(r)
    }

    /// A resolution to a class outside the task becomes a drop that says so.
    package func excluding(_ r: LabelResolution) -> LabelResolution {
        guard let target = r.target, !classes.contains(target) else { return r }
        var e = r
        e.target = nil
        e.method = .excluded
        e.reason = "\(target): a class the task excludes"
        return e
    }

    /// The known word nearest to `key` within 1 edit (2 for words of 8 letters or more), when the
    /// nearest words all name one class.
    private func closestWord(to key: String) -> (String, String)? {
        guard key.count >= 3 else { return nil }
        let allowed = key.count >= 8 ? 2 : 1
        var best: (distance: Int, words: [(String, String)]) = (allowed + 1, [])
        for word in LabelGlossary.words where abs(word.count - key.count) <= allowed && word.count >= 3 {
            let d = editDistance(key, word)
            guard d <= best.distance, let found = LabelGlossary.lookUp(word) else { continue }
            if d < best.distance { best = (d, []) }
            best.words.append((word, found))
        }
        guard let first = best.words.first, best.words.allSatisfy({ $0.1 == first.1 }) else { return nil }
        return first
    }
}
