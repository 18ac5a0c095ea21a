import Federation
import Learning

/// Scores the data stages' logic on generated environments against their ground truth, offline
/// (no LLM; the human gate takes every proposal, as `--yes` does). An item is one client for
/// description (its card's size, labels and defect counts are exact), selection (taken exactly when
/// it holds task data) and cleaning (it drops exactly the corrupt samples and ends standardized), and
/// one (client, label) for harmonization (the label maps to its true class, or is dropped when it has none).
package enum DataAgentBench {
    package static func score(_ environments: [DataBenchEnvironment], images: Dataset, sensors: Dataset) throws
        -> DataBenchScore
    {
        var score = DataBenchScore()
        for env in environments {
            let data = try env.build(images: images, sensors: sensors)
            let cards = data.enumerated().map { DataCard(clientID: $0.offset, samples: $0.element.samples) }
            score.description.add(zip(cards, data).map { describes($0, $1, env: env.index) })
            let decisions = ClientSelector(task: env.task).decide(cards)
            score.selection.add(
                decisions.map { d in
                    let fits = data[d.clientID].truth.kind == .images
                    return (
                        d.selected == fits,
                        """
                        env \(env.index) client \(d.clientID) (\(data[d.clientID].truth.kind.rawValue)): \
                        \(d.selected ? "taken" : "refused"): \(d.reason)
                        """
                    )
                })
            let selected = decisions.filter { $0.selected && data[$0.clientID].truth.kind == .images }.map(\.clientID)
            let rules = CleaningRules(sampleShape: env.task.sampleShape)
            score.cleaning.add(selected.map { cleans(data[$0], rules, what: "env \(env.index) client \($0)") })
            score.harmonization.add(harmonizes(selected, cards: cards, data: data, env: env))
        }
        return score
    }

    static func describes(_ card: DataCard, _ data: MessyClientData, env: Int) -> (ok: Bool, what: String) {
        let kinds = data.truth.corrupt.values
        func n(_ kind: CorruptionKind) -> Int { kinds.filter { $0 == kind }.count }
        var expected = DataQuality()
        (expected.nonFinite, expected.wrongShape) = (n(.nan), n(.wrongShape))
        (expected.blankLabels, expected.duplicates) = (n(.blank), n(.duplicate))
        var labels: [String: Int] = [:]
        for s in data.samples { labels[s.label, default: 0] += 1 }
        let ok = card.size == data.samples.count && card.quality == expected && card.labels == labels
        return (ok, "env \(env) client \(card.clientID): card \(card.quality) but truth \(expected)")
    }

    static func cleans(_ data: MessyClientData, _ rules: CleaningRules, what: String) -> (ok: Bool, what: String) {
        let (_, kept, report) = DataCleaner.clean(data.samples, rules)
        let clean = data.samples.indices.filter { data.truth.corrupt[$0] == nil }
        let standardized = abs(report.valuesAfter.mean) < 1e-3 && abs(report.valuesAfter.standardDeviation - 1) < 1e-3
        return (
            kept == clean && standardized,
            """
            \(what): kept \(kept.count), truly clean \(clean.count), mean \(report.valuesAfter.mean), sd \
            \(report.valuesAfter.standardDeviation)
            """
        )
    }

    static func harmonizes(_ selected: [Int], cards: [DataCard], data: [MessyClientData], env: DataBenchEnvironment)
        -> [(ok: Bool, what: String)]
    {
        let classes = env.task.classes
        let labels = Harmonizer.labels(of: cards.filter { selected.contains($0.clientID) })
        var resolutions = Harmonizer.resolve(labels, classes: classes)
        let questions = Harmonizer.questions(resolutions, labels: labels, classes: classes)
        resolutions = Harmonizer.settle(
            resolutions, questions, questions.map { _ in .accept }, classes: classes)
        let mappings = Harmonizer.mappings(resolutions, labels: labels, classes: classes)
        let readings = Dictionary(uniqueKeysWithValues: resolutions.map { ($0.label, $0.reason) })
        return selected.flatMap { id in
            data[id].truth.labelMapping.sorted { $0.key < $1.key }.map { label, truth in
                let mapped = mappings[id]?.targets[label]
                return (
                    mapped == truth,
                    """
                    env \(env.index) client \(id) (\(data[id].truth.style.rawValue)): '\(label)' → \
                    \(mapped ?? "dropped") (\(readings[label] ?? "not read")), truly \(truth ?? "none"); task \
                    \(classes.count) classes
                    """
                )
            }
        }
    }
}
