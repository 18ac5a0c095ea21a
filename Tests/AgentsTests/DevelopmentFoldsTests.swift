import Foundation
import Testing

@testable import Agents

/// Generalization inside the development parts of the request corpus (issue 27): the development
/// requests of every batch are dealt into four folds by their position in their batch's development
/// part (`i % 4`). Folds 0–2 are where analyzer changes are designed (their misses may be read,
/// `CORPUS_MISSES=1`); fold 3 is held out, printed only as aggregate figures, so a change that helps
/// folds 0–2 but not fold 3 fits phrasings rather than understanding. Each cue layer (`CueLayers`)
/// is measured on every fold, on and off. Never touches the test parts (`RequestCorpusTests` does).
struct DevelopmentFoldsTests {
    static let folds = 4
    static let heldOut = 3

    /// The development entries of every batch in fold `fold` (nil: every fold but the held-out one).
    static func entries(inFold fold: Int?, of corpus: RequestCorpus) -> [RequestCorpus.Entry] {
        corpus.batches.flatMap { batch in
            batch.entries(in: .development).enumerated()
                .filter { i, _ in fold.map { $0 == i % folds } ?? (i % folds != heldOut) }
                .map(\.element)
        }
    }

    /// The layer settings compared: none, each alone, all (the default), all with the learned
    /// layer. The learned layer was fitted on every development request, so its figures here are
    /// in-sample; its held-out figures come from `scripts/dev/cue-model` (nested cross-validation).
    static let variants: [(String, CueLayers)] = [
        ("none", []), ("senses", .senses), ("concepts", .concepts), ("metricWording", .metricWording),
        ("widened", .widened), ("all", .all), ("all+learned", CueLayers.all.union(.learned)),
    ]

    @Test func heldOutFoldKeepsTheDesignFoldsAccuracy() throws {
        let corpus = try RequestCorpus()
        let design = Self.entries(inFold: nil, of: corpus)
        let held = Self.entries(inFold: Self.heldOut, of: corpus)
        let designScore = CorpusScore(design)
        let heldScore = CorpusScore(held)
        print(designScore.report(title: "development folds 0–2 (design)"))
        print(heldScore.report(title: "development fold 3 (held out)"))
        print(Self.layerTable(corpus))
        if ProcessInfo.processInfo.environment["CORPUS_MISSES"] != nil {
            let analyzer = RequestAnalyzer()
            for miss in designScore.misses {
                let evidence = analyzer.analyze(miss.text).evidence.map { "\($0.challenge.rawValue): \($0.phrase)" }
                print(
                    "DESIGN MISS: \(miss.text)\n    \(miss.fields.joined(separator: "\n    "))\n    evidence: "
                        + evidence.joined(separator: "; "))
            }
        }
        for (field, floor) in Self.heldOutFloors {
            #expect(heldScore.tallies[field, default: .init()].accuracy >= floor, "held-out fold \(field)")
        }
    }

    /// Challenge and metric accuracy of each layer setting on each fold.
    static func layerTable(_ corpus: RequestCorpus) -> String {
        var lines = ["layers            " + (0..<folds).map { "fold \($0) ch/metrics  " }.joined()]
        for (name, layers) in variants {
            var line = name.padding(toLength: 18, withPad: " ", startingAt: 0)
            for fold in 0..<folds {
                let score = CorpusScore(
                    entries(inFold: fold, of: corpus), analyzer: RequestAnalyzer(layers: layers))
                let c = score.tallies["challenges", default: .init()].accuracy
                let m = score.tallies["metrics", default: .init()].accuracy
                line += String(format: "%5.1f%% %5.1f%%      ", 100 * c, 100 * m)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Floors at what the held-out fold measured with the default layers. Challenges were 0.97 (branch
    /// cues, 2026-12-07) before session 27 added requests-dev-4.json, a batch the rules were not
    /// written on and that dwells on the challenges they read worst: fold 3 now holds 40 of its
    /// requests, and reads 0.853 of its challenge sets.
    static let heldOutFloors: [String: Double] = ["challenges": 0.85, "metrics": 1]
}
