import Agents
import Foundation

/// The labelled request corpus (issue 27): Fixtures/requests.json and Fixtures/requests-2.json (a second
/// batch written blind, without reading the analyzer), requests in varied registers, each with the fields a
/// sound plan needs, split into a development part (rules may be tuned on it) and a test part (only
/// measured). The split is fixed in each file by that file's own order: its request `i` (0-based) is a
/// test request when `i % 3 == 2`.
struct RequestCorpus: Sendable {
    /// One labelled request. Absent keys mean "not stated" (nil), no challenge, and global top-1.
    struct Entry: Decodable, Sendable {
        var text: String
        var clients: Int?
        var dataset: String?
        var model: String?
        var challenges: [Challenge]?
        var participation: Double?
        var epsilon: Double?
        var delta: Double?
        var deadline: Double?
        var metrics: [Metric]?
    }

    private struct File: Decodable {
        var split: String
        var requests: [Entry]
    }

    enum Part: String, Sendable, CaseIterable {
        case development, test
    }

    /// The fixture files, in the order their entries are listed.
    static let paths: [String] = ["requests.json", "requests-2.json"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\($0)").path
    }

    /// Each file's entries, in file order (the split is applied per file).
    let files: [[Entry]]
    /// All entries of all files.
    var entries: [Entry] { files.flatMap { $0 } }

    init() throws {
        files = try Self.paths.map { path in
            try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path))).requests
        }
    }

    /// The entries of one part, by the split stated in the files, each file indexed on its own.
    func entries(in part: Part) -> [Entry] {
        files.flatMap { file in
            file.enumerated().filter { (i, _) in (i % 3 == 2) == (part == .test) }.map(\.element)
        }
    }
}

/// Labelled values against analyzed ones, per field: accuracy (the field is exactly right) and, for
/// each value a field can take, precision and recall (a stated value counts as a positive).
struct CorpusScore {
    /// A field's tallies: requests where it is right; true/false positives and false negatives.
    struct Tally {
        var right = 0, total = 0, truePositives = 0, falsePositives = 0, falseNegatives = 0
        var accuracy: Double { total == 0 ? 1 : Double(right) / Double(total) }
        var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }
        var recall: Double {
            truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        }

        /// Records one request: `expected` and `found` are nil when the field is not stated/not read.
        mutating func add<T>(expected: T?, found: T?, same: (T, T) -> Bool) {
            total += 1
            switch (expected, found) {
            case (nil, nil): right += 1
            case (let e?, let f?) where same(e, f): right += 1; truePositives += 1
            case (_?, _?): falsePositives += 1; falseNegatives += 1
            case (nil, _?): falsePositives += 1
            case (_?, nil): falseNegatives += 1
            }
        }
    }

    /// The plan fields, in report order.
    static let fields = [
        "clients", "dataset", "model", "challenges", "participation", "epsilon", "delta", "deadline", "metrics",
    ]

    private(set) var tallies: [String: Tally] = [:]
    /// Per challenge and per metric: right when present in both or absent from both.
    private(set) var challengeTallies: [Challenge: Tally] = [:]
    private(set) var metricTallies: [Metric: Tally] = [:]
    /// The requests where some field is wrong, with the fields, for reading the development part.
    private(set) var misses: [(text: String, fields: [String])] = []

    init(_ entries: [RequestCorpus.Entry], analyzer: RequestAnalyzer = RequestAnalyzer()) {
        for entry in entries { add(entry, analyzer.analyze(entry.text)) }
    }

    private mutating func add(_ e: RequestCorpus.Entry, _ a: RequestAnalysis) {
        var wrong: [String] = []
        func score<T>(_ field: String, _ expected: T?, _ found: T?, _ same: (T, T) -> Bool) {
            let before = tallies[field, default: Tally()].right
            tallies[field, default: Tally()].add(expected: expected, found: found, same: same)
            if tallies[field]!.right == before {
                wrong.append(
                    "\(field): want \(expected.map { "\($0)" } ?? "nil"), got \(found.map { "\($0)" } ?? "nil")")
            }
        }
        let close = { (x: Double, y: Double) in abs(x - y) <= 0.01 * max(abs(x), 1e-9) || abs(x - y) < 0.005 }
        score("clients", e.clients, a.clientCount, ==)
        score("dataset", e.dataset, a.dataset, ==)
        score("model", e.model, a.model, ==)
        let challenges = Set(e.challenges ?? [])
        score(
            "challenges", challenges.sorted().map(\.rawValue).joined(separator: ","),
            Set(a.challenges).sorted().map(\.rawValue).joined(separator: ","), ==)
        score("participation", e.participation, a.participation, close)
        score("epsilon", e.epsilon, a.privacyEpsilon, close)
        score("delta", e.delta, a.privacyDelta, close)
        score("deadline", e.deadline, a.roundDeadline, close)
        let metrics = Set(e.metrics ?? [.globalTop1])
        score(
            "metrics", metrics.map(\.rawValue).sorted().joined(separator: ","),
            Set(a.metrics).map(\.rawValue).sorted().joined(separator: ","), ==)
        for c in Challenge.allCases {
            challengeTallies[c, default: Tally()].add(
                expected: challenges.contains(c) ? true : nil, found: a.challenges.contains(c) ? true : nil, same: ==)
        }
        for m in Metric.allCases {
            metricTallies[m, default: Tally()].add(
                expected: metrics.contains(m) ? true : nil, found: a.metrics.contains(m) ? true : nil, same: ==)
        }
        if !wrong.isEmpty { misses.append((e.text, wrong)) }
    }

    /// A table: one line per field, then per challenge and per metric.
    func report(title: String) -> String {
        func line(_ name: String, _ t: Tally) -> String {
            let pad = name.padding(toLength: 22, withPad: " ", startingAt: 0)
            return pad
                + String(
                    format: "accuracy %5.1f%%  precision %5.1f%%  recall %5.1f%%",
                    100 * t.accuracy, 100 * t.precision, 100 * t.recall)
        }
        var lines = ["\(title): \(tallies["clients"]?.total ?? 0) requests"]
        lines += Self.fields.map { line($0, tallies[$0] ?? Tally()) }
        lines += Challenge.allCases.map { line("  \($0.rawValue)", challengeTallies[$0] ?? Tally()) }
        lines += Metric.allCases.map { line("  \($0.rawValue)", metricTallies[$0] ?? Tally()) }
        return lines.joined(separator: "\n")
    }
}
