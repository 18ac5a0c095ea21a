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
            case "link":
                guard case .object(let o) = value, let down = o["down_mbps"]?.number, let up = o["up_mbps"]?.number,
                    down > 0, up > 0
                else {
                    skipped.append(key)
                    continue
                }
                s.server.link = .init(downMbps: down, upMbps: up)
            case "per_client_test":
                if case .bool(true) = value {
                    s.task.holdout = max(s.task.holdout, 0.2)
                    s.server.federatedEvaluation = true
                }
            case "partition": skipped += partition(value, into: &s.task)
            case "corrupt": skipped += corruptions(value, into: &s.task)
            case "rounds_per_task": continue  // with partition.sequential_tasks, below
            case "label_budget", "widths": continue  // below, once clients and partition are known
            default: skipped.append(key)
            }
        }
        if let tasks = s.task.tasks, let perTask = task.setting["rounds_per_task"]?.number, perTask >= 1 {
            s.server.rounds = tasks * Int(perTask)
        } else if task.setting["rounds_per_task"] != nil {
            skipped.append("rounds_per_task")
        }
        if let widths = task.setting["widths"] { skipped += modelWidths(widths, into: &s) }
        s.server.minFit = min(s.server.minFit, max(1, Int((s.server.fraction * Double(s.server.clients)).rounded(.up))))
        let metric = headlineMetric(task.metrics.first ?? "global_top1")
        s.server.metric = metric.rawValue
        if metric.needsClientEvaluation {
            s.task.holdout = max(s.task.holdout, 0.2)
            s.server.federatedEvaluation = true
        }
        // After the held-out share is known: the budget is a share of what each client trains on.
        if let budget = task.setting["label_budget"] { skipped += labelBudget(budget, into: &s) }
        skipped += task.metrics.filter { !measured.contains($0) }.map { "metric \($0)" }
        return (s, skipped)
    }

    /// Bench metric names the harness measures (`global_top1_full_width` as global top-1: the
    /// full-width model is the server's; `global_top1_all_domains` on every domain's clients, as
    /// ``HeadlineMetric/allDomainsTop1`` says).
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
            case "sequential_tasks":
                // Class-incremental waves: the topology's `continual.tasks`.
                if let n = v.number, n >= 2 { task.tasks = Int(n) } else { skipped.append("partition.\(key)") }
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
            case "site_transforms":
                guard let sites = siteTransforms(v) else {
                    skipped.append("corrupt.\(key)")
                    continue
                }
                list += sites
            default: skipped.append("corrupt.\(key)")
            }
        }
        task.corruptions = list
        return skipped
    }

    /// `site_transforms` as the topology's per-client corruptions. A list (one entry per site:
    /// `none`, `contrast`, `blur`, `contrast_blur`) becomes low contrast (factor 0.5) and blur (σ 1)
    /// each on the share of sites the list gives it; which sites they hit is drawn per client by the
    /// run, so the count and the overlap match the list only on average. `random_style` gives every
    /// client a style of its own: a contrast factor and a blur drawn per client. Nil: not readable.
    static func siteTransforms(_ value: JSONValue) -> [FederationSpec.Corruption]? {
        if value.string == "random_style" {
            return [.init(kind: "contrast", range: [0.4, 1.6]), .init(kind: "blur", range: [0, 1.5])]
        }
        guard case .array(let sites) = value, !sites.isEmpty else { return nil }
        let names = sites.compactMap(\.string)
        guard names.count == sites.count,
            names.allSatisfy({ ["none", "contrast", "blur", "contrast_blur", "blur_contrast"].contains($0) })
        else { return nil }
        func share(_ part: String) -> Double {
            Double(names.filter { $0.split(separator: "_").contains(Substring(part)) }.count) / Double(names.count)
        }
        return [("contrast", [0.5, 0.5]), ("blur", [1.0, 1.0])].compactMap { kind, range in
            let f = share(kind)
            guard f > 0 else { return nil }
            return FederationSpec.Corruption(kind: kind, range: range, fractionOfClients: f < 1 ? f : nil)
        }
    }

    /// `label_budget: 0.2`: each client can label only that share of its pool, so every system
    /// trains on a random share of each client's data (the first of its seeded random order). No
    /// method of this build selects which samples to label, so the chosen system's labels are as
    /// random as the "random" baselines'.
    private static func labelBudget(_ value: JSONValue, into s: inout FederationSpec) -> [String] {
        guard let share = value.number, share > 0, share <= 1 else { return ["label_budget"] }
        let pool = RunBudget.DataSize(s).samplesPerClient
        let labelled = max(1, Int((Double(pool) * share).rounded(.down)))
        s.server.samplesPerClient = min(s.server.samplesPerClient ?? .max, labelled)
        return ["label_budget: no active selection in this build; every system labels a random \(Int(share * 100))%"]
    }

    /// `widths: {1.0: 5, 0.5: 5, 0.25: 5}`: how many clients can train each width. HeteroFL builds
    /// its clients at its levels ×1, ×½, ×¼ cycled over client ids, so the setting is reproduced when
    /// the cycle gives each width its count; any other system must fit the weakest device, so it
    /// runs the smallest width on every client.
    private static func modelWidths(_ value: JSONValue, into s: inout FederationSpec) -> [String] {
        guard case .object(let o) = value else { return ["widths"] }
        var counts: [Double: Int] = [:]
        for (k, v) in o {
            guard let w = Double(k), w > 0, w <= 1, let n = v.number, n >= 0 else { return ["widths"] }
            counts[w] = Int(n)
        }
        guard let smallest = counts.keys.min() else { return ["widths"] }
        guard s.strategy.name == "heterofl" else {
            s.task.width = smallest
            return []
        }
        let levels = [1.0, 0.5, 0.25].prefix { counts[$0] != nil }
        var cycled: [Double: Int] = [:]
        for id in 0..<s.server.clients where !levels.isEmpty { cycled[levels[id % levels.count], default: 0] += 1 }
        guard levels.count == counts.count, cycled == counts else {
            return ["widths (heterofl cycles ×1, ×½, ×¼ over the clients: \(cycled) instead of \(counts))"]
        }
        s.strategy.options["levels"] = Double(levels.count)
        return []
    }

    /// The spec of a baseline named as bench files name them ("FedAvg", "FedProx", "FedAvg-random-20pct"):
    /// its strategy at the catalog's default settings, uniform sampling, no compression; a variant
    /// suffix this build does not reproduce is returned as a note.
    ///
    /// Variants reproduced: `-smallest-width` runs the smallest of the setting's `widths` on every
    /// client; `-random-20pct` trains on a random 20% of each client's data, which the task's
    /// `label_budget` already gives every system (the note says if the setting has none).
    package static func baseline(_ name: String, of spec: FederationSpec, task: BenchmarkTask? = nil) -> (
        spec: FederationSpec, note: String?
    ) {
        let lower = name.lowercased()
        let strategy = lower.hasPrefix("fedprox") ? "fedprox" : "fedavg"
        var s = spec
        let variant = String(lower.dropFirst(strategy.count).drop { $0 == "-" })
        if variant == "smallest-width", case .object(let o)? = task?.setting["widths"],
            let smallest = o.keys.compactMap(Double.init).min()
        {
            s.task.width = smallest
            s.strategy.options = [:]
            return (withStrategy(strategy, s), nil)
        }
        if variant.hasPrefix("random-"), variant.hasSuffix("pct"),
            let pct = Double(variant.dropFirst("random-".count).dropLast(3)),
            let budget = task?.setting["label_budget"]?.number, abs(budget * 100 - pct) < 1e-9
        {
            return (withStrategy(strategy, s), nil)
        }
        return (
            withStrategy(strategy, s),
            variant.isEmpty
                ? nil : "baseline \(name): the '\(variant)' variant is not reproduced; run as plain \(strategy)"
        )
    }

    /// `spec` with `strategy` at the catalog's defaults, uniform sampling, no compression or overcommit,
    /// and none of the chosen system's client add-ons (small-loss filter, fine-tuning, replay, EWC): a
    /// baseline is the plain method on the same data, rounds and budget.
    private static func withStrategy(_ strategy: String, _ spec: FederationSpec) -> FederationSpec {
        var s = spec
        s.strategy = .init(
            name: strategy, options: StrategyRegistry.current.descriptor(named: strategy)?.defaultOptions ?? [:],
            sampling: "uniform", compression: "none", compressionFraction: nil, errorFeedback: false)
        s.server.overcommit = 0
        s.client.sampleFilter = nil
        s.client.fineTuneSteps = nil
        s.client.replay = nil
        s.client.ewc = nil
        return s
    }

    /// The chosen system's name in the table: its strategy, then its add-ons (sampling, compression,
    /// overcommit, client add-ons), joined by `+`.
    package static func systemName(_ spec: FederationSpec) -> String {
        var parts = [spec.strategy.name]
        if spec.strategy.sampling != "uniform" { parts.append(spec.strategy.sampling) }
        if spec.strategy.compression != "none" { parts.append(spec.strategy.compression) }
        if spec.server.overcommit > 0 { parts.append("overcommit") }
        if spec.client.sampleFilter != nil { parts.append("small-loss-filter") }
        if spec.client.fineTuneSteps != nil { parts.append("local-finetune") }
        if spec.client.replay != nil { parts.append("replay") }
        if spec.client.ewc != nil { parts.append("ewc") }
        return parts.joined(separator: "+")
    }
}
