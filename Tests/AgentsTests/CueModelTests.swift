import Foundation
import Testing

@testable import Agents

/// The learned cue layer (issue 27, off by default): the model `scripts/dev/cue-model fit` writes
/// from the development parts, read here by `CueModel` over `CueFeatures` and the rules' findings.
struct CueModelTests {
    @Test func theShippedModelLoadsAndScoresAsTheFittingScriptDid() throws {
        let model = try #require(CueModel.bundled, "cue-model.json is missing from the Agents resources")

        #expect(!model.thresholds.isEmpty && model.checks.count >= 10)
        for check in model.checks {
            let rules = RequestAnalyzer().analyze(check.text).challenges
            let scores = model.scores(of: CueModel.features(of: RequestText(check.text), rules: rules))
            for (name, expected) in check.scores {
                let challenge = try #require(Challenge(rawValue: name))
                #expect(abs((scores[challenge] ?? .nan) - expected) < 1e-3, "\(name) on \(check.text)")
            }
        }
    }

    @Test func aNegatedWordGivesANegatedFeature() {
        let features = CueFeatures.of(RequestText("We don't care about privacy. Stragglers are common."))

        #expect(features.contains("~w:privacy") && !features.contains("w:privacy"))
        #expect(features.contains("w:straggler"))
        // The scope ends with the sentence, and at "but".
        let but = CueFeatures.of(RequestText("No attackers, but labels are often wrong."))
        #expect(but.contains("~w:attacker") && but.contains("w:label") && but.contains("c:wrong"))
    }

    @Test func conceptGroupsAndTheirPairsAreFeatures() {
        let features = CueFeatures.of(RequestText("The flagship store holds most of the images."))

        #expect(features.contains("c:large") && features.contains("c:amounts") && features.contains("c:dataUnits"))
        #expect(features.contains("p:amounts+large"))
    }

    @Test func theLearnedLayerOnlyAddsToTheRules() throws {
        let corpus = try RequestCorpus()
        let rules = RequestAnalyzer()
        let all = RequestAnalyzer(layers: CueLayers.all.union(.learned))
        var added = 0
        for entry in corpus.entries(in: .development) {
            let before = Set(rules.analyze(entry.text).challenges)
            let after = Set(all.analyze(entry.text).challenges)
            #expect(before.isSubset(of: after), "\(entry.text)")
            added += after.subtracting(before).count
        }
        #expect(added > 0)
    }

    /// The rules' challenges on every development request, for `scripts/dev/cue-model cv --rules`;
    /// written to `CUE_RULES_OUT` when it is set. Never holds a test request.
    @Test func rulePredictionsOnTheDevelopmentPartsForTheFittingScript() throws {
        let corpus = try RequestCorpus()
        let rules = RequestAnalyzer()
        let rows = corpus.entries(in: .development).map { entry in
            ["text": entry.text, "challenges": rules.analyze(entry.text).challenges.map(\.rawValue)] as [String: Any]
        }
        let testTexts = Set(corpus.entries(in: .test).map(\.text))

        #expect(rows.count == corpus.entries(in: .development).count)
        #expect(rows.allSatisfy { !testTexts.contains($0["text"] as? String ?? "") })
        if let path = ProcessInfo.processInfo.environment["CUE_RULES_OUT"] {
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: path))
        }
    }
}
