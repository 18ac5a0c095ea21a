import Agents
import Foundation

/// The labelled request corpus (issue 27): every `Fixtures/requests*.json`, each a batch of requests
/// written in varied registers with the fields a sound plan needs, split by the file's own rule into
/// a development part (rules may be tuned on it) and a test part (only measured). A file states its
/// split in words (`split`) and as a rule: request `i` (0-based, in file order) is a test request
/// when `test_every` > 0 and `i % test_every == test_offset`; `test_every` 0 makes the whole file
/// development. A file without the rule is refused, so no batch is tuned on by accident.
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
        /// The class-incremental waves a continual request states ("in three waves"), nil if none.
        var tasks: Int?
    }

    /// One fixture file: its requests, its split rule and the fields it labels.
    struct Batch: Sendable {
        var name: String
        var entries: [Entry]
        var testEvery: Int
        var testOffset: Int
        /// The `CorpusScore.fields` this file labels (files written before a field existed do not
        /// label it, so it is not scored on them).
        var fields: [String]

        /// The entries of one part, by the file's split rule.
        func entries(in part: Part) -> [Entry] {
            entries.enumerated().filter { (i, _) in
                (testEvery > 0 && i % testEvery == testOffset) == (part == .test)
            }.map(\.element)
        }
    }

    private struct File: Decodable {
        var split: String
        var testEvery: Int?
        var testOffset: Int?
        var fields: [String]?
        var requests: [Entry]

        enum CodingKeys: String, CodingKey {
            case split, fields, requests
            case testEvery = "test_every"
            case testOffset = "test_offset"
        }
    }

    /// A fixture whose split is not stated as a rule.
    struct MissingSplit: Error, CustomStringConvertible {
        var file: String
        var description: String {
            "\(file) states no split rule: add \"test_every\" (0: all development) and \"test_offset\""
        }
    }

    enum Part: String, Sendable, CaseIterable {
        case development, test
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    /// The batches, in file-name order (`requests.json` first).
    let batches: [Batch]

    init() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasPrefix("requests") && $0.hasSuffix(".json") }.sorted()
        batches = try names.map { name in
            let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
            let file = try JSONDecoder().decode(File.self, from: data)
            guard let every = file.testEvery, every == 0 || file.testOffset != nil else {
                throw MissingSplit(file: name)
            }
            return Batch(
                name: name, entries: file.requests, testEvery: every, testOffset: file.testOffset ?? 0,
                fields: file.fields ?? CorpusScore.baseFields)
        }
    }

    /// Every request of every batch.
    var entries: [Entry] { batches.flatMap(\.entries) }

    /// The entries of one part over every batch, each split by its own rule.
    func entries(in part: Part) -> [Entry] { batches.flatMap { $0.entries(in: part) } }

    /// The batch read from `name`, if there is one.
    func batch(_ name: String) -> Batch? { batches.first { $0.name == name } }
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
    static let fields = baseFields + ["tasks"]
    /// The fields every batch labels (`tasks` came later).
    static let baseFields = [
        "clients", "dataset", "model", "challenges", "participation", "epsilon", "delta", "deadline", "metrics",
    ]
    /// The fields scored here.
    let scored: [String]

    private(set) var tallies: [String: Tally] = [:]
    /// Per challenge and per metric: right when present in both or absent from both.
    private(set) var challengeTallies: [Challenge: Tally] = [:]
    private(set) var metricTallies: [Metric: Tally] = [:]
    /// The requests where some field is wrong, with the fields, for reading the development part.
    private(set) var misses: [(text: String, fields: [String])] = []

    init(
        _ entries: [RequestCorpus.Entry], fields: [String] = CorpusScore.baseFields,
        analyzer: RequestAnalyzer = RequestAnalyzer()
    ) {
        scored = Self.fields.filter(fields.contains)
        for entry in entries { add(entry, analyzer.analyze(entry.text)) }
    }

    private mutating func add(_ e: RequestCorpus.Entry, _ a: RequestAnalysis) {
        var wrong: [String] = []
        func score<T>(_ field: String, _ expected: T?, _ found: T?, _ same: (T, T) -> Bool) {
            guard scored.contains(field) else { return }
            let before = tallies[field, default: Tally()].right
            tallies[field, default: Tally()].add(expected: expected, found: found, same: same)
            if tallies[field, default: Tally()].right == before {
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
        score("tasks", e.tasks, a.continualTasks, ==)
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
        lines += scored.map { line($0, tallies[$0] ?? Tally()) }
        lines += Challenge.allCases.map { line("  \($0.rawValue)", challengeTallies[$0] ?? Tally()) }
        lines += Metric.allCases.map { line("  \($0.rawValue)", metricTallies[$0] ?? Tally()) }
        return lines.joined(separator: "\n")
    }
}
