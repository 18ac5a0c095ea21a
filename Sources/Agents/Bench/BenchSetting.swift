import Federation
import Topology

/// A bench task's setting laid over the agents' spec, so the chosen system and the baselines run on
/// the conditions the bench states; what the setting asks that this build cannot express is listed.
package enum BenchSetting {
    /// `spec` with the setting's dataset, clients, model, partition, corruptions, participation,
    /// rounds, dropout and per-client test set, the task's headline metric, and the setting keys not
    /// reproduced.
    package static func apply(_ task: BenchmarkTask, to spec: FederationSpec) -> (
        spec: FederationSpec, notReproduced: [String]
    ) {
        var s = spec
        var skipped: [String] = []
        for (key, value) in task.setting.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "dataset": if let d = value.string { s.task.dataset = d }
            case "clients": if let n = value.number { s.server.clients = Int(n) }
            case "model": if let m = value.string { s.task.model = m }
            case "participation": if let f = value.number { s.server.fraction = f }
            case "rounds": if let r = value.number { s.server.rounds = Int(r) }
            case "dropout_probability": if let p = value.number { s.server.dropout = p }
            case "per_client_test":
                if case .bool(true) = value {
                    s.task.holdout = max(s.task.holdout, 0.2)
                    s.server.federatedEvaluation = true
                }
            case "partition": skipped += partition(value, into: &s.task)
            case "corrupt": skipped += corruptions(value, into: &s.task)
            default: skipped.append(key)
            }
        }
        s.server.minFit = min(s.server.minFit, max(1, Int((s.server.fraction * Double(s.server.clients)).rounded(.up))))
        let metric = headlineMetric(task.metrics.first ?? "global_top1")
        s.server.metric = metric.rawValue
        if metric.needsClientEvaluation {
            s.task.holdout = max(s.task.holdout, 0.2)
            s.server.federatedEvaluation = true
        }
        skipped += task.metrics.filter { !measured.contains($0) }.map { "metric \($0)" }
        return (s, skipped)
    }

    /// Bench metric names the harness measures (the global variants as global top-1).
    static let measured: Set<String> = [
        "global_top1", "global_top1_all_domains", "global_top1_full_width", "mean_client_top1", "worst_client_top1",
        "per_domain_top1", "total_bytes", "mean_task_top1", "forgetting",
    ]

    /// The run's headline for a bench metric name.
    static func headlineMetric(_ name: String) -> HeadlineMetric {
        HeadlineMetric(rawValue: name) ?? .globalTop1
    }

    private static func partition(_ value: JSONValue, into task: inout FederationSpec.TaskModule) -> [String] {
        guard case .object(let p) = value else { return ["partition"] }
        var skipped: [String] = []
        var kind: String? = nil
        var settings: [String: Double] = [:]
        for (key, v) in p.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "dirichlet": kind = "dirichlet"; settings["alpha"] = v.number ?? 0.5
            case "long_tail":
                kind = "long_tail"
                if case .object(let o) = v { settings["imbalance_ratio"] = o["imbalance_ratio"]?.number ?? 100 }
            case "quantity_skew": task.quantitySkew = v.string
            case "domains": kind = "domains"
            case "by_user": kind = "by_user"
            case "shards_per_client": kind = "shards"; settings["shards_per_client"] = v.number ?? 2
            default: skipped.append("partition.\(key)")
            }
        }
        if let kind {
            task.partition = kind
            task.partitionSettings = settings
            if kind != "long_tail" { task.quantitySkew = nil }
        }
        return skipped
    }

    private static func corruptions(_ value: JSONValue, into task: inout FederationSpec.TaskModule) -> [String] {
        guard case .object(let c) = value else { return ["corrupt"] }
        var skipped: [String] = []
        var list: [FederationSpec.Corruption] = []
        for (key, v) in c.sorted(by: { $0.key < $1.key }) {
            let range: [Double]? = {
                guard case .object(let o) = v, case .array(let r)? = o["sigma_range"] ?? o["rate_range"] else {
                    return nil
                }
                return r.compactMap(\.number)
            }()
            switch key {
            case "gaussian_noise", "label_flip": list.append(.init(kind: key, range: range))
            default: skipped.append("corrupt.\(key)")
            }
        }
        task.corruptions = list
        return skipped
    }

    /// The spec of a baseline named as bench files name them ("FedAvg", "FedProx", "FedAvg-random-20pct"):
    /// its strategy at the catalog's default settings, uniform sampling, no compression; a variant
    /// suffix this build does not reproduce is returned as a note.
    package static func baseline(_ name: String, of spec: FederationSpec) -> (spec: FederationSpec, note: String?) {
        let lower = name.lowercased()
        let strategy = lower.hasPrefix("fedprox") ? "fedprox" : "fedavg"
        var s = spec
        s.strategy = .init(
            name: strategy, options: StrategyRegistry.current.descriptor(named: strategy)?.defaultOptions ?? [:],
            sampling: "uniform", compression: "none", compressionFraction: nil, errorFeedback: false)
        s.server.overcommit = 0
        let suffix = lower.dropFirst(strategy.count)
        return (
            s,
            suffix.isEmpty
                ? nil
                : "baseline \(name): the '\(suffix.dropFirst())' variant is not reproduced; run as plain \(strategy)"
        )
    }
}
