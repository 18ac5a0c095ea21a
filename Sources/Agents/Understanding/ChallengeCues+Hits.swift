/// Where a challenge's cues match a request, in the sense the cue means.
extension ChallengeCues {
    /// One match of a cue: the words it covers and the pattern (for evidence and `weak`).
    struct Hit {
        var range: Range<Int>
        var pattern: String
    }

    /// The matches of `challenge`'s table cues that keep their sense here (`senseHolds`), then those
    /// of its subject–predicate combinations, before any negation is considered.
    static func hits(of challenge: Challenge, in text: RequestText, layers: CueLayers = .all) -> [Hit] {
        var hits: [Hit] = []
        var cues = compiled.first(where: { $0.0 == challenge })?.1 ?? []
        if layers.contains(.concepts) { cues += compiledConceptCues[challenge] ?? [] }
        for (pattern, cue) in cues {
            for range in text.matches(cue)
            where !layers.contains(.senses) || senseHolds(pattern, of: challenge, at: range, in: text) {
                hits.append(Hit(range: range, pattern: pattern))
            }
        }
        let senses = layers.contains(.senses) ? compiledOtherSenses[challenge] ?? [] : []
        for combination in compiledCombinations
        where combination.challenge == challenge && layers.isSuperset(of: combination.layer) {
            hits += combination.hits(in: text).filter { hit in
                !senses.contains { text.matches($0).contains { $0.overlaps(hit.range) } }
                    && !(layers.contains(.senses) && challenge == .stragglers && isCapacity(hit.range, in: text))
            }
        }
        return hits
    }
}

extension ChallengeCues.CompiledCombination {
    /// Each subject and predicate match in one sentence with at most `gap` words between them, in
    /// either order, as one hit spanning both.
    func hits(in text: RequestText) -> [ChallengeCues.Hit] {
        let subjectMatches = subjects.flatMap { pattern, cue in text.matches(cue).map { (pattern, $0) } }
        guard !subjectMatches.isEmpty else { return [] }
        let predicateMatches = predicates.flatMap { pattern, cue in text.matches(cue).map { (pattern, $0) } }
        var hits: [ChallengeCues.Hit] = []
        for (s, subject) in subjectMatches {
            for (p, predicate) in predicateMatches
            where text.sentences[subject.lowerBound] == text.sentences[predicate.lowerBound]
                && !subject.overlaps(predicate)
            {
                let between =
                    subject.upperBound <= predicate.lowerBound
                    ? predicate.lowerBound - subject.upperBound : subject.lowerBound - predicate.upperBound
                guard between <= gap else { continue }
                let range =
                    min(subject.lowerBound, predicate.lowerBound)..<max(subject.upperBound, predicate.upperBound)
                hits.append(ChallengeCues.Hit(range: range, pattern: "\(s) + \(p)"))
            }
        }
        return hits
    }
}
