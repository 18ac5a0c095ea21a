import Agents
import Foundation
import Testing

/// Measures the analyzer on the labelled request corpus (issue 27), per field, on both parts, and
/// prints the figures (`bash scripts/test --filter RequestCorpusTests`). The thresholds hold on
/// the test part at what was measured there; rules are tuned on the development part only.
struct RequestCorpusTests {
    @Test func theCorpusIsLargeAndSplit() throws {
        let corpus = try RequestCorpus()

        #expect(corpus.files.count == 2)
        #expect(corpus.files.allSatisfy { $0.count >= 120 })
        #expect(corpus.entries.count >= 150)
        #expect(corpus.entries(in: .test).count == corpus.files.map { $0.count / 3 }.reduce(0, +))
        #expect(corpus.entries(in: .development).count + corpus.entries(in: .test).count == corpus.entries.count)
    }

    @Test func perFieldAccuracyOnBothParts() throws {
        let corpus = try RequestCorpus()

        let dev = CorpusScore(corpus.entries(in: .development))
        let test = CorpusScore(corpus.entries(in: .test))

        print(dev.report(title: "development"))
        print(test.report(title: "test"))
        if ProcessInfo.processInfo.environment["CORPUS_MISSES"] != nil {
            for miss in dev.misses { print("DEV MISS: \(miss.text)\n    \(miss.fields.joined(separator: "\n    "))") }
        }
        for field in CorpusScore.fields {
            #expect(test.tallies[field]!.accuracy >= Self.testThresholds[field, default: 0], "\(field)")
        }
    }

    /// Test-part accuracy floors: what the analyzer reached there, rounded down. They now cover both
    /// batches: measured 2026-12-07 after the second batch (Fixtures/requests-2.json, written blind)
    /// was added, on the analyzer of that day, which had never seen it. The issue's goal is 0.95 on
    /// every field; challenges (the exact set per request) are well below it.
    static let testThresholds: [String: Double] = [
        "clients": 0.97, "dataset": 1, "model": 1, "challenges": 0.78, "participation": 0.98, "epsilon": 1,
        "delta": 0.98, "deadline": 0.99, "metrics": 0.95,
    ]
}
