import Agents
import Foundation
import Testing

/// Measures the analyzer on the labelled request corpus (issue 27), per batch, per field, on both
/// parts, and prints the figures (`bash scripts/test --filter RequestCorpusTests`). The thresholds
/// hold on the test parts at what was measured there; rules are tuned on the development parts only.
/// `CORPUS_MISSES=1` prints the development misses (never the test part's).
struct RequestCorpusTests {
    @Test func theCorpusIsLargeAndEveryBatchIsSplit() throws {
        let corpus = try RequestCorpus()
        let first = try #require(corpus.batch("requests.json"))

        #expect(first.entries.count >= 150)
        #expect(first.entries(in: .test).count == first.entries.count / 3)
        #expect(corpus.batches.count >= 3)
        #expect(try #require(corpus.batch("requests-2.json")).entries(in: .test).count == 48)
        #expect(try #require(corpus.batch("requests-3.json")).entries(in: .test).count == 90)
        for batch in corpus.batches {
            #expect(
                batch.entries(in: .development).count + batch.entries(in: .test).count == batch.entries.count,
                "\(batch.name)")
        }
    }

    @Test func perFieldAccuracyOnBothParts() throws {
        let corpus = try RequestCorpus()

        for batch in corpus.batches {
            let dev = CorpusScore(batch.entries(in: .development), fields: batch.fields)
            let test = CorpusScore(batch.entries(in: .test), fields: batch.fields)

            print(dev.report(title: "\(batch.name) development"))
            if batch.testEvery > 0 { print(test.report(title: "\(batch.name) test")) }
            if ProcessInfo.processInfo.environment["CORPUS_MISSES"] != nil {
                for miss in dev.misses {
                    print("DEV MISS (\(batch.name)): \(miss.text)\n    \(miss.fields.joined(separator: "\n    "))")
                }
            }
            for part in RequestCorpus.Part.allCases where !batch.entries(in: part).isEmpty {
                print(Self.layerComparison(batch, part))
            }
            for (field, floor) in Self.testThresholds[batch.name] ?? [:] {
                #expect(test.tallies[field, default: .init()].accuracy >= floor, "\(batch.name) \(field)")
            }
        }
    }

    /// Each field's accuracy, and each challenge's precision and recall, on one part of a batch, with
    /// the analyzer of session 26 (every layer but `widened`), the default layers (`all`), and the
    /// default layers with the learned one.
    static func layerComparison(_ batch: RequestCorpus.Batch, _ part: RequestCorpus.Part) -> String {
        let entries = batch.entries(in: part)
        let scores = [CueLayers.all.subtracting(.widened), .all, CueLayers.all.union(.learned)].map {
            CorpusScore(entries, fields: batch.fields, analyzer: RequestAnalyzer(layers: $0))
        }
        var lines = ["\(batch.name) \(part.rawValue) (\(entries.count)): session 26 -> widened (default) -> + learned"]
        for field in scores[0].scored {
            let a = scores.map { ($0.tallies[field] ?? .init()).accuracy }
            lines.append(String(format: "  %@ accuracy %.3f -> %.3f -> %.3f", field, a[0], a[1], a[2]))
        }
        for challenge in Challenge.allCases {
            let t = scores.map { $0.challengeTallies[challenge] ?? .init() }
            lines.append(
                String(
                    format: "    %@ precision %.2f -> %.2f -> %.2f  recall %.2f -> %.2f -> %.2f", challenge.rawValue,
                    t[0].precision, t[1].precision, t[2].precision, t[0].recall, t[1].recall, t[2].recall))
        }
        return lines.joined(separator: "\n")
    }

    /// Test-part accuracy floors per batch: what the analyzer reached there, rounded down, tuned on
    /// the development parts only. The issue's goal is 0.95 on every field; challenges (the exact set
    /// per request) are below it on every batch. requests-3.json (session 26) is all test, written by
    /// someone who never read the analyzer: main before the layered cue model read 0.589 of its
    /// challenge sets, the cue model 0.644 (and 0.750 against 0.771 on requests-2.json's test part).
    /// Session 27's widened cues (`CueLayers.widened`, designed on development requests only, measured
    /// on the test parts once): requests-3.json 0.667, requests-2.json 0.792, requests.json 0.907.
    static let testThresholds: [String: [String: Double]] = [
        "requests.json": [
            "clients": 1, "dataset": 1, "model": 1, "challenges": 0.90, "participation": 1, "epsilon": 1, "delta": 1,
            "deadline": 1, "metrics": 1,
        ],
        "requests-2.json": [
            "clients": 0.97, "dataset": 1, "model": 1, "challenges": 0.79, "participation": 0.97, "epsilon": 1,
            "delta": 0.95, "deadline": 0.97, "metrics": 0.89,
        ],
        "requests-3.json": [
            "clients": 0.94, "dataset": 1, "model": 1, "challenges": 0.66, "participation": 0.97, "epsilon": 0.98,
            "delta": 0.98, "deadline": 1, "metrics": 0.9,
        ],
    ]
}
