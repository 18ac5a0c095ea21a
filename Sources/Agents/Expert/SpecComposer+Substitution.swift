import Federation

extension SpecComposer {
    /// Replaces what this build cannot run with the closest thing it can, and says so: every
    /// substitution is a sentence for the plan's assumptions. A spec already within `caps` is unchanged.
    package func substitute(_ spec: FederationSpec, within caps: Capabilities) -> (
        spec: FederationSpec, notes: [String]
    ) {
        var s = spec
        var notes: [String] = []
        if !caps.datasets.isEmpty, !caps.datasets.contains(s.task.dataset), let d = caps.datasets.first {
            notes.append("dataset \(s.task.dataset) is not available in this build; using \(d)")
            s.task.dataset = d
        }
        if !caps.models.isEmpty, !caps.models.contains(s.task.model) {
            let preferred = ["2nn", "logreg"].first { caps.models.contains($0) } ?? caps.models[0]
            notes.append("model \(s.task.model) is not available in this build; using \(preferred)")
            s.task.model = preferred
            s.task.width = 1
            s.client.learningRate = Self.learningRate(for: s.task.model)
            s.client.momentum = 0
        }
        if !caps.partitions.isEmpty, !caps.partitions.contains(s.task.partition) {
            let target = caps.partitions.contains("dirichlet") ? "dirichlet" : caps.partitions[0]
            notes.append(
                "partition \(s.task.partition) is not available in this build; using \(target)"
                    + (target == "dirichlet" ? " α=0.3 (label skew stands in for the requested heterogeneity)" : ""))
            s.task.partition = target
            s.task.partitionSettings = target == "dirichlet" ? ["alpha": 0.3] : [:]
            s.task.quantitySkew = nil
        }
        if !caps.strategies.isEmpty, !caps.strategies.contains(s.strategy.name) {
            // The strategy's own fallback (FedProx for the client-drift remedies) when the build has it; FedAvg
            // otherwise.
            let fallback = StrategyRegistry.current.descriptor(named: s.strategy.name)?.fallback.flatMap {
                caps.strategies.contains($0) ? $0 : nil
            }
            let target = fallback ?? (caps.strategies.contains("fedavg") ? "fedavg" : caps.strategies[0])
            notes.append("strategy \(s.strategy.name) is not available in this build; using \(target)")
            s.strategy.name = target
            s.strategy.options =
                target == fallback ? StrategyRegistry.current.descriptor(named: target)?.defaultOptions ?? [:] : [:]
        }
        if let models = StrategyRegistry.current.descriptor(named: s.strategy.name)?.models,
            !models.contains(s.task.model) || s.task.width != 1
        {
            // HeteroFL slices widths of the cnn; the other models have no width-scaled variants.
            notes.append(
                """
                \(s.strategy.name) needs the full-width \(models.joined(separator: " or ")) to slice submodels from; \
                with \(s.task.model) using fedavg
                """
            )
            s.strategy.name = "fedavg"
            s.strategy.options = [:]
        }
        return (s, notes)
    }
}
