import Agents
import Foundation
import Yams

/// The 16 AgentFL-style benchmark requests, read from the shared bench file next to the worktree
/// (`<worktree>/../shared/bench/agentfl-fmnist.yaml`, i.e. /work/shared/bench when run from /work/main).
enum BenchFile {
    static let path: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // AgentsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("../shared/bench/agentfl-fmnist.yaml")
        .standardizedFileURL.path

    static var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// The tasks, or empty when the file is missing or unreadable (tests using them are disabled then).
    static let tasks: [BenchTask] = {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let file = try? YAMLDecoder().decode(Document.self, from: text)
        else { return [] }
        return file.tasks
    }()

    private struct Document: Decodable {
        var tasks: [BenchTask]
    }
}

/// One benchmark request with the settings the tests check against.
struct BenchTask: Decodable, Sendable, CustomStringConvertible {
    struct Setting: Decodable, Sendable {
        var dataset: String
        var clients: Int
        var model: String
        var participation: Double?
        var rounds: Int?
    }

    var id: String
    var area: String
    var request: String
    var setting: Setting
    /// The metric names, one or several.
    var metric: [String]

    var description: String { id }

    private enum Keys: String, CodingKey { case id, area, request, setting, metric }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(String.self, forKey: .id)
        area = try c.decode(String.self, forKey: .area)
        request = try c.decode(String.self, forKey: .request)
        setting = try c.decode(Setting.self, forKey: .setting)
        if let one = try? c.decode(String.self, forKey: .metric) {
            metric = [one]
        } else {
            metric = try c.decode([String].self, forKey: .metric)
        }
    }

    /// The bench metrics as `Metric`s: variants of global top-1 (all domains, full width) are global top-1.
    var expectedMetrics: Set<Metric> {
        Set(
            metric.compactMap { name in
                name.hasPrefix("global_top1") ? .globalTop1 : Metric(rawValue: name)
            })
    }

    /// The challenges the task's `area` implies, by the area's own words.
    var impliedChallenges: Set<Challenge> {
        let area = area.lowercased()
        let rules: [(String, [Challenge])] = [
            ("quantity skew", [.quantitySkew]), ("feature noise", [.featureNoise]), ("label noise", [.labelNoise]),
            ("domain shift", [.domainShift]), ("user heterogeneity", [.userHeterogeneity]),
            ("speaker-like", [.userHeterogeneity]), ("site heterogeneity", [.labelSkew, .domainShift]),
            ("class imbalance", [.labelSkew]), ("style", [.domainShift]),
            ("model heterogeneity", [.modelHeterogeneity]),
            ("bandwidth", [.bandwidth]), ("connectivity", [.connectivity]), ("personalized", [.personalization]),
            ("class preference", [.labelSkew]), ("active learning", [.activeLearning]), ("non-iid", [.labelSkew]),
            ("continual", [.continualLearning]),
        ]
        return Set(rules.filter { area.contains($0.0) }.flatMap(\.1))
    }
}
