import Federation
import Topology

/// The ranges and names a spec module must respect before a tester spends time on it: what an LLM
/// coder's or debugger's answer is validated against (the expert's rules stay inside them by
/// construction). Each problem is a sentence saying what to change.
enum SpecRules {
    static func problems(_ m: FederationSpec.TaskModule, within caps: Capabilities) -> [String] {
        var p: [String] = []
        let datasets = caps.datasets.isEmpty ? Vocabulary.datasets : caps.datasets
        let partitions = caps.partitions.isEmpty ? Vocabulary.partitions : caps.partitions
        let models = caps.models.isEmpty ? Vocabulary.models : caps.models
        if !datasets.contains(m.dataset) {
            p.append("dataset must be one of \(datasets.joined(separator: ", ")), not \"\(m.dataset)\"")
        }
        if !partitions.contains(m.partition) {
            p.append("partition must be one of \(partitions.joined(separator: ", ")), not \"\(m.partition)\"")
        }
        let allowed = Vocabulary.partitionSettings[m.partition] ?? []
        for (key, value) in m.partitionSettings.sorted(by: { $0.key < $1.key }) {
            if !allowed.contains(key) {
                p.append(
                    "partition_settings.\(key) does not apply to \(m.partition)"
                        + (allowed.isEmpty
                            ? " (it takes no settings)" : " (it takes \(allowed.joined(separator: ", ")))"))
            } else if Vocabulary.booleanPartitionSettings.contains(key) {
                if value != 0, value != 1 {
                    p.append("partition_settings.\(key) is a boolean: 0 (false) or 1 (true), not \(value)")
                }
            } else if Vocabulary.wholeNumberPartitionSettings.contains(key) {
                let least: Double = key == "shards_per_client" ? 1 : 0
                if !(value.isFinite && value >= least && value == value.rounded()) {
                    p.append("partition_settings.\(key) must be a whole number, \(Int(least)) or more, not \(value)")
                }
            } else if !(value.isFinite && value > 0) {
                p.append("partition_settings.\(key) must be a positive number, not \(value)")
            }
        }
        if let skew = m.quantitySkew, !Vocabulary.quantitySkews.contains(skew) {
            p.append(
                """
                quantity_skew must be null or one of \(Vocabulary.quantitySkews.joined(separator: ", ")), not \
                \"\(skew)\"
                """
            )
        }
        for c in m.corruptions {
            guard Vocabulary.corruptions.contains(c.kind) else {
                p.append(
                    """
                    corruption kind must be one of \(Vocabulary.corruptions.joined(separator: ", ")), not \
                    \"\(c.kind)\"
                    """
                )
                continue
            }
            // The run's own check: each kind's limits, and inversion takes no range.
            do { try ClientDataBuilder.checkStrengthRange(c.range, of: c.kind) } catch {
                p.append("corruption \(c.kind): \(error.message)")
            }
        }
        if !models.contains(m.model) {
            p.append("model must be one of \(models.joined(separator: ", ")), not \"\(m.model)\"")
        }
        if !(m.width > 0 && m.width <= 4) { p.append("width must be in (0, 4], not \(m.width)") }
        if !(m.holdout >= 0 && m.holdout <= 0.5) { p.append("holdout must be in [0, 0.5], not \(m.holdout)") }
        return p
    }

    static func problems(_ m: FederationSpec.ClientModule) -> [String] {
        var p: [String] = []
        if !(1...20).contains(m.localEpochs) { p.append("local_epochs must be in 1...20, not \(m.localEpochs)") }
        if !(1...1024).contains(m.batchSize) { p.append("batch_size must be in 1...1024, not \(m.batchSize)") }
        if !(m.learningRate > 0 && m.learningRate <= 1) {
            p.append("learning_rate must be in (0, 1], not \(m.learningRate)")
        }
        if !(m.momentum >= 0 && m.momentum < 1) { p.append("momentum must be in [0, 1), not \(m.momentum)") }
        return p
    }

    static func problems(_ m: FederationSpec.StrategyModule, within caps: Capabilities) -> [String] {
        var p: [String] = []
        let strategies = caps.strategies.isEmpty ? Vocabulary.strategies : caps.strategies
        if !strategies.contains(m.name) {
            p.append("name must be one of \(strategies.joined(separator: ", ")), not \"\(m.name)\"")
        }
        if m.options.count > 8 || !m.options.values.allSatisfy(\.isFinite) {
            p.append("options must be at most 8 finite numbers")
        } else if strategies.contains(m.name) {
            // The strategy is built from its options, as the tester and the run will: unknown or out-of-range options
            // fail here.
            do { _ = try StrategyCatalog.make(name: m.name, options: m.options) } catch {
                p.append("options: \(error)")
            }
        }
        if !Vocabulary.samplings.contains(m.sampling) {
            p.append("sampling must be one of \(Vocabulary.samplings.joined(separator: ", ")), not \"\(m.sampling)\"")
        }
        if !Vocabulary.compressions.contains(m.compression) {
            p.append(
                """
                compression must be one of \(Vocabulary.compressions.joined(separator: ", ")), not \
                \"\(m.compression)\"
                """
            )
        }
        if let f = m.compressionFraction, !(f > 0 && f <= 1) {
            p.append("compression_fraction must be null or in (0, 1], not \(f)")
        }
        if m.compression.hasPrefix("topk"), m.compressionFraction == nil {
            p.append("compression \(m.compression) needs a compression_fraction in (0, 1]")
        }
        if !m.compression.hasPrefix("topk"), m.compressionFraction != nil {
            p.append("compression_fraction is only for topk and topk+q8: null for \(m.compression)")
        }
        if m.compression == "none", m.errorFeedback { p.append("error_feedback needs a compression: false for none") }
        return p
    }

    static func problems(_ m: FederationSpec.ServerModule) -> [String] {
        var p: [String] = []
        if !(2...10_000).contains(m.clients) { p.append("clients must be in 2...10000, not \(m.clients)") }
        if !(1...1000).contains(m.rounds) { p.append("rounds must be in 1...1000, not \(m.rounds)") }
        if !(m.fraction > 0 && m.fraction <= 1) { p.append("fraction must be in (0, 1], not \(m.fraction)") }
        if !(1...max(1, m.clients)).contains(m.minFit) {
            p.append("min_fit must be in 1...clients (\(m.clients)), not \(m.minFit)")
        }
        if !(m.overcommit >= 0 && m.overcommit <= 1) { p.append("overcommit must be in [0, 1], not \(m.overcommit)") }
        if let d = m.deadlineSeconds, !(d > 0 && d <= 86_400) {
            p.append("deadline_seconds must be null or in (0, 86400], not \(d)")
        }
        if !(1...max(1, m.rounds)).contains(m.evaluateEvery) {
            p.append("evaluate_every must be in 1...rounds, not \(m.evaluateEvery)")
        }
        if !(m.speedSpread >= 0 && m.speedSpread <= 3) {
            p.append("speed_spread must be in [0, 3], not \(m.speedSpread)")
        }
        if !(m.dropout >= 0 && m.dropout <= 0.9) { p.append("dropout must be in [0, 0.9], not \(m.dropout)") }
        return p
    }

    /// Every module's problems, each prefixed with its module.
    static func problems(_ spec: FederationSpec, within caps: Capabilities) -> [String] {
        problems(spec.task, within: caps).map { "task." + $0 } + problems(spec.client).map { "client." + $0 }
            + problems(spec.strategy, within: caps).map { "strategy." + $0 }
            + problems(spec.server).map { "server." + $0 }
    }
}
