import Foundation
import Yams

/// A bench file: tasks, each a plain-language request, the setting the comparison runs on, the metric
/// it is judged by, the baselines to compare with, and optionally its own time budget.
///
/// The format of `shared/bench/agentfl-fmnist.yaml`: a top-level `tasks:` list of `{id, area, request,
/// setting, metric, baselines, budget}`; `metric` is a name or a list (the first one is the task's
/// headline); `budget` a duration (`2m`), here or at the top level for every task.
public struct BenchmarkFile: Sendable, Equatable {
    public var tasks: [BenchmarkTask]
    /// The budget of tasks that name none.
    public var budget: String?

    /// Reads a bench file's text; a file that is not one says where.
    public static func parse(_ text: String, file: String) throws(BenchmarkFileError) -> BenchmarkFile {
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: text)
        } catch {
            throw BenchmarkFileError(
                "\(file) is not a bench file (a `tasks:` list of {id, request, setting, metric, baselines}): \(error)")
        }
        guard !document.tasks.isEmpty else { throw BenchmarkFileError("\(file) has no tasks") }
        let ids = document.tasks.map(\.id)
        if let twice = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
            throw BenchmarkFileError("\(file) lists task \(twice) twice; give each task its own id")
        }
        return BenchmarkFile(tasks: document.tasks, budget: document.budget)
    }

    private struct Document: Decodable {
        var tasks: [BenchmarkTask]
        var budget: String?
    }
}

/// One task of a bench file.
public struct BenchmarkTask: Sendable, Equatable, Codable {
    public var id: String
    public var area: String?
    public var request: String
    /// The setting as written (dataset, clients, partition, corruptions, model, participation, …).
    public var setting: [String: JSONValue]
    /// Metric names, the headline first.
    public var metrics: [String]
    public var baselines: [String]
    public var budget: String?

    private enum Keys: String, CodingKey { case id, area, request, setting, metric, baselines, budget }

    public init(
        id: String, area: String? = nil, request: String, setting: [String: JSONValue], metrics: [String],
        baselines: [String], budget: String? = nil
    ) {
        (self.id, self.area, self.request, self.setting) = (id, area, request, setting)
        (self.metrics, self.baselines, self.budget) = (metrics, baselines, budget)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(String.self, forKey: .id)
        area = try c.decodeIfPresent(String.self, forKey: .area)
        request = try c.decode(String.self, forKey: .request)
        setting = try c.decodeIfPresent([String: JSONValue].self, forKey: .setting) ?? [:]
        if let one = try? c.decode(String.self, forKey: .metric) {
            metrics = [one]
        } else {
            metrics = try c.decodeIfPresent([String].self, forKey: .metric) ?? ["global_top1"]
        }
        baselines = try c.decodeIfPresent([String].self, forKey: .baselines) ?? ["FedAvg", "FedProx"]
        budget = try c.decodeIfPresent(String.self, forKey: .budget)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(area, forKey: .area)
        try c.encode(request, forKey: .request)
        try c.encode(setting, forKey: .setting)
        try c.encode(metrics, forKey: .metric)
        try c.encode(baselines, forKey: .baselines)
        try c.encodeIfPresent(budget, forKey: .budget)
    }
}

/// A bench file that cannot be used, and why.
public struct BenchmarkFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
