import Federation
import Foundation
import Yams

/// A bench file: tasks, each a plain-language request, the setting the comparison runs on, the metric
/// it is judged by, the baselines to compare with, and optionally its own time budget.
///
/// The format of `shared/bench/agentfl-fmnist.yaml`: a top-level `tasks:` list of `{id, area, request,
/// setting, metric, baselines, budget}`; `metric` is a name or a list (the first one is the task's
/// headline); `budget` a duration (`2m`), here or at the top level for every task.
package struct BenchmarkFile: Sendable, Equatable {
    package var tasks: [BenchmarkTask]
    /// The budget of tasks that name none.
    package var budget: String?

    /// Reads a bench file's text; a file that is not one says where.
    package static func parse(_ text: String, file: String) throws(BenchmarkFileError) -> BenchmarkFile {
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
package struct BenchmarkTask: Sendable, Equatable, Codable {
    package var id: String
    package var area: String?
    package var request: String
    /// The setting as written (dataset, clients, partition, corruptions, model, participation, …).
    package var setting: [String: JSONValue]
    /// Metric names, the headline first.
    package var metrics: [String]
    package var baselines: [String]
    package var budget: String?

    private enum Keys: String, CodingKey { case id, area, request, setting, metric, baselines, budget }

    package init(
        id: String, area: String? = nil, request: String, setting: [String: JSONValue], metrics: [String],
        baselines: [String], budget: String? = nil
    ) {
        (self.id, self.area, self.request, self.setting) = (id, area, request, setting)
        (self.metrics, self.baselines, self.budget) = (metrics, baselines, budget)
    }

    package init(from decoder: any Decoder) throws {
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

    package func encode(to encoder: any Encoder) throws {
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
package struct BenchmarkFileError: Error, CustomStringConvertible, Sendable {
    package let description: String
    init(_ description: String) { self.description = description }
}
