import Foundation
import Learning

/// What a run is judged by: the first figure of its console summary and of the report's headline.
///
/// - `global_top1`: top-1 accuracy of the global model on the server's test set, last evaluated round.
/// - `mean_client_top1`: the mean over clients of each client's accuracy on its own held-out data,
///   last round with a federated evaluation.
/// - `worst_client_top1`: the lowest of those client accuracies.
/// - `per_domain_top1`: the clients' accuracies averaged within each domain (client c belongs to
///   domain c mod 5 of the `domains` partition), then the lowest domain's.
/// - `global_top1_all_domains`: the same domain means, averaged (every domain counts once); without
///   the `domains` partition, the mean client accuracy. The server's test set holds the original
///   domain only, so accuracy over every domain is measured on the clients' held-out data, each
///   judged with the model it runs: the global one, or for a strategy that keeps layers local (FedBN)
///   the global one with that client's own layers. The server's copy of those layers is an average
///   no client uses (measured on a 4-domain ResNet-8 run: 0.46 on the original domain against 0.71
///   for the original-domain client's own model).
/// - `mean_task_top1`: continual learning's average task accuracy after the last task
///   (``ContinualMetrics``).
/// - `forgetting`: continual learning's forgetting (lower is better).
package enum HeadlineMetric: String, Sendable, Codable, CaseIterable {
    case globalTop1 = "global_top1"
    case meanClientTop1 = "mean_client_top1"
    case worstClientTop1 = "worst_client_top1"
    case perDomainTop1 = "per_domain_top1"
    case allDomainsTop1 = "global_top1_all_domains"
    case meanTaskTop1 = "mean_task_top1"
    case forgetting

    /// Whether it needs the clients' own evaluations (a federated evaluation and held-out data).
    package var needsClientEvaluation: Bool {
        [.meanClientTop1, .worstClientTop1, .perDomainTop1, .allDomainsTop1].contains(self)
    }

    /// Whether it needs continual learning's tasks (a `continual` section).
    package var needsTasks: Bool { self == .meanTaskTop1 || self == .forgetting }

    /// Whether a larger value is better: every accuracy is; forgetting (the accuracy lost on earlier
    /// tasks) is better the lower it is. Comparisons of two runs (the bench's verdicts) read it here.
    package var higherIsBetter: Bool { self != .forgetting }

    /// Words for the console.
    package var words: String {
        switch self {
        case .globalTop1: "global top-1 accuracy"
        case .meanClientTop1: "mean per-client top-1 accuracy"
        case .worstClientTop1: "worst client's top-1 accuracy"
        case .perDomainTop1: "worst domain's top-1 accuracy"
        case .allDomainsTop1: "top-1 accuracy over every domain"
        case .meanTaskTop1: "average task top-1 accuracy"
        case .forgetting: "forgetting, lower is better"
        }
    }
}

/// The run's figures by metric, read from its rounds.
package struct Headline: Codable, Sendable, Equatable {
    /// The metric the run is judged by, and its value (nil: the run never measured it).
    package var metric: String
    package var value: Double?
    /// Global top-1 of the last evaluated round.
    package var globalTop1: Double?
    /// From the last round with client evaluations: their mean, the lowest and whose it is.
    package var meanClientTop1: Double?
    package var worstClientTop1: Double?
    package var worstClient: Int?
    /// Mean client accuracy per domain (named as ``Domain/all``), when the partition is by domain.
    package var perDomainTop1: [String: Double]?
    /// Continual learning's average task accuracy and forgetting (nil without tasks).
    package var meanTaskTop1: Double? = nil
    package var forgetting: Double? = nil
}

extension RunReport {
    /// The figures of every ``HeadlineMetric`` this run measured, led by `metric` (the report
    /// summary's `metric`, else global top-1).
    package func headline(_ metric: HeadlineMetric? = nil) -> Headline {
        let chosen = metric ?? summary["metric"].flatMap(HeadlineMetric.init(rawValue:)) ?? .globalTop1
        var h = Headline(metric: chosen.rawValue, value: nil, globalTop1: finalAccuracy)
        if let last = rounds.last(where: { !$0.clientAccuracy.isEmpty }) {
            let accuracies = last.clientAccuracy
            h.meanClientTop1 = accuracies.values.reduce(0, +) / Double(accuracies.count)
            if let worst = accuracies.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
                (h.worstClient, h.worstClientTop1) = (worst.key, worst.value)
            }
            if summary["partition"]?.hasPrefix("domains") == true {
                let byDomain = Dictionary(grouping: accuracies, by: { Domain.of(client: $0.key).name })
                h.perDomainTop1 = byDomain.mapValues { $0.map(\.value).reduce(0, +) / Double($0.count) }
            }
        }
        let continual = ContinualMetrics(rounds: rounds)
        (h.meanTaskTop1, h.forgetting) = (continual.averageAccuracy, continual.forgetting)
        switch chosen {
        case .meanTaskTop1: h.value = h.meanTaskTop1
        case .forgetting: h.value = h.forgetting
        case .globalTop1: h.value = h.globalTop1
        case .meanClientTop1: h.value = h.meanClientTop1
        case .worstClientTop1: h.value = h.worstClientTop1
        case .perDomainTop1: h.value = h.perDomainTop1?.values.min() ?? h.worstClientTop1
        case .allDomainsTop1:
            h.value = h.perDomainTop1.map { $0.values.reduce(0, +) / Double($0.count) } ?? h.meanClientTop1
        }
        return h
    }

    /// The headline in one line: the run's metric first, then the others it measured.
    package func headlineLine(_ metric: HeadlineMetric? = nil) -> String {
        let h = headline(metric)
        let chosen = HeadlineMetric(rawValue: h.metric) ?? .globalTop1
        var parts = [
            "\(chosen.words) (\(h.metric)) " + (h.value.map { String(format: "%.4f", $0) } ?? "not measured")
        ]
        if chosen != .globalTop1, let g = h.globalTop1 { parts.append(String(format: "global %.4f", g)) }
        if chosen != .meanClientTop1, let m = h.meanClientTop1 { parts.append(String(format: "mean client %.4f", m)) }
        if chosen != .worstClientTop1, let w = h.worstClientTop1, let c = h.worstClient {
            parts.append(String(format: "worst client %.4f (client %d)", w, c))
        }
        if let domains = h.perDomainTop1 {
            parts.append(
                "per domain "
                    + domains.sorted { $0.key < $1.key }.map { String(format: "%@ %.4f", $0.key, $0.value) }.joined(
                        separator: ", "))
        }
        if chosen != .meanTaskTop1, let t = h.meanTaskTop1 { parts.append(String(format: "average task %.4f", t)) }
        if chosen != .forgetting, let f = h.forgetting { parts.append(String(format: "forgetting %.4f", f)) }
        if chosen.needsTasks, h.value == nil {
            parts.append("(the run had no continual tasks: add a continual section)")
        }
        if chosen.needsClientEvaluation, h.value == nil {
            parts.append("(the run had no client evaluations: set evaluation.federated and data.holdout)")
        }
        return parts.joined(separator: "; ")
    }
}
