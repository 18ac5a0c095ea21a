/// Reads a plain-language FL request with explicit, deterministic rules (no language model).
///
/// Steps: split the text into words (`RequestText`); find the client count as a number followed
/// within a few adjectives by a participant noun; read the device kind from that noun phrase and the
/// deployment from the kind; find dataset, model, widths and metrics by name or synonym; detect
/// challenges with the `ChallengeCues` table (an image model with no data named implies images;
/// data with no model named implies the usual model for it, both as assumptions); read percentages as participation or
/// label budget by
/// their neighbouring words, and "N … rounds" as the round count. What is essential and absent
/// (data, client count, model) goes to `missing`; what was inferred goes to `assumptions`.
package struct RequestAnalyzer: Sendable {
    /// The cue layers in use (all unless measuring them).
    package var layers: CueLayers

    package init(layers: CueLayers = .all) { self.layers = layers }

    /// The analysis of `request`.
    package func analyze(_ request: String) -> RequestAnalysis {
        let text = RequestText(request)
        var assumptions: [String] = []

        let participants = Self.participants(in: text)
        let (challenges, evidence) = Self.challenges(in: text, layers: layers)
        let named = Self.namedModel(in: text, assumptions: &assumptions)
        let dataset = Self.dataset(in: text, model: named, assumptions: &assumptions)
        let model = named ?? Self.defaultModel(for: dataset, assumptions: &assumptions)
        let metrics = Self.metrics(
            in: text, continual: challenges.contains(.continualLearning),
            metricWording: layers.contains(.metricWording),
            assumptions: &assumptions)
        let (participation, labelBudget) = Self.percentages(in: text, clientCount: participants.count)

        var missing: [MissingInfo] = []
        if dataset == nil { missing.append(.dataset) }
        if participants.count == nil { missing.append(.clientCount) }
        if model == nil { missing.append(.model) }

        var analysis = RequestAnalysis(
            clientCount: participants.count, deviceKind: participants.kind, deployment: participants.deployment,
            dataset: dataset, model: model, modelWidths: Self.widths(in: text), metrics: metrics,
            challenges: challenges, evidence: evidence, participation: participation,
            rounds: Self.rounds(in: text), labelBudget: labelBudget, missing: missing, assumptions: assumptions)
        (analysis.privacyEpsilon, analysis.privacyDelta) = Self.privacyTarget(in: text)
        analysis.roundDeadline = Self.roundDeadline(in: text)
        Self.readConditions(in: text, into: &analysis)
        analysis.continualTasks = Self.continualTasks(
            in: text, continual: analysis.challenges.contains(.continualLearning))
        // A stated ε is a privacy requirement even without the words the cues look for, and a round
        // deadline means slow clients are cut off (stragglers).
        if analysis.privacyEpsilon != nil, !analysis.challenges.contains(.privacy) {
            analysis.challenges = (analysis.challenges + [.privacy]).sorted()
        }
        if analysis.roundDeadline != nil, !analysis.challenges.contains(.stragglers) {
            analysis.challenges = (analysis.challenges + [.stragglers]).sorted()
        }
        // The learned layer adds what its score reads and the rules missed (it also reads what they found).
        if layers.contains(.learned), let model = CueModel.bundled {
            let read = model.challenges(in: text, rules: analysis.challenges)
            analysis.challenges = Set(analysis.challenges + read.map(\.0)).sorted()
            analysis.evidence += read.map(\.1)
        }
        return analysis
    }

    /// Every challenge with at least one cue in the text, in `Challenge` order, with the first
    /// matching phrase of each cue.
    static func challenges(in text: RequestText, layers: CueLayers = .all) -> ([Challenge], [ChallengeEvidence]) {
        var found: Set<Challenge> = []
        var evidence: [ChallengeEvidence] = []
        var weakOnly: Set<Challenge> = []
        for challenge in ChallengeCues.compiled.map(\.0) {
            var strong = false
            var seen: Set<String> = []
            for hit in ChallengeCues.hits(of: challenge, in: text, layers: layers) where !seen.contains(hit.pattern) {
                guard !isNegated(hit.range, in: text), !(challenge == .bandwidth && isMeasured(hit.range, in: text))
                else { continue }
                seen.insert(hit.pattern)
                found.insert(challenge)
                evidence.append(ChallengeEvidence(challenge: challenge, phrase: text.phrase(hit.range)))
                if ChallengeCues.weak[hit.pattern] == nil { strong = true }
            }
            if found.contains(challenge), !strong { weakOnly.insert(challenge) }
        }
        // A weak cue gives way to the challenge it is usually part of ("wrong labels, maybe 10%" is a
        // noise share, not a labelling budget).
        for challenge in weakOnly {
            let yieldsTo = Set(ChallengeCues.weak.values.filter { $0.challenge == challenge }.map(\.yieldsTo))
            if !found.isDisjoint(with: yieldsTo) {
                found.remove(challenge)
                evidence.removeAll { $0.challenge == challenge }
            }
        }
        return (found.sorted(), evidence)
    }

    /// Whether the match is something to measure ("measure total bytes", "report how many bytes
    /// went over the wire"): a measuring word before it in its sentence, and no word of limiting.
    static func isMeasured(_ match: Range<Int>, in text: RequestText) -> Bool {
        let sentence = text.sentence(of: match.lowerBound)
        let before = max(sentence.lowerBound, match.lowerBound - 8)..<match.lowerBound
        let measuring = ["measur*", "report*", "track*", "monitor*", "count*", "log", "as well as"]
        let limiting = ["limit*", "cap*", "budget*", "afford*", "expensive", "only", "at most", "few"]
        return measuring.contains { text.contains($0, in: before) }
            && !limiting.contains { text.contains($0, in: sentence) }
    }

    /// Whether a negation (`ChallengeCues.negationsBefore`/`negationsAfter`, a "no" before it or
    /// before the list it is in, an "always" right before it) frames the match.
    static func isNegated(_ match: Range<Int>, in text: RequestText) -> Bool {
        let sentence = text.sentence(of: match.lowerBound)
        let before = max(sentence.lowerBound, match.lowerBound - 5)..<match.lowerBound
        let after = match.upperBound..<min(sentence.upperBound, match.upperBound + 4)
        if text.words[max(sentence.lowerBound, match.lowerBound - 2)..<match.lowerBound].contains("no") { return true }
        // "no stragglers or dropouts": a "no" reaches over a list joined by "or"/"nor".
        let list = text.words[max(sentence.lowerBound, match.lowerBound - 5)..<match.lowerBound]
        if let no = list.lastIndex(of: "no"), list[no...].contains(where: { $0 == "or" || $0 == "nor" }) { return true }
        // "always online", "always available": the state the cue names never lapses.
        if match.lowerBound > sentence.lowerBound, text.words[match.lowerBound - 1] == "always" { return true }
        return ChallengeCues.negationsBefore.contains {
            text.matches($0, in: before).contains { $0.upperBound <= match.lowerBound }
        }
            || ChallengeCues.negationsAfter.contains { !text.matches($0, in: after).isEmpty }
    }
}
