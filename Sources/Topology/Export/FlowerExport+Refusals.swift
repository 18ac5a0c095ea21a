import Federation

/// What `fedactors export flower` cannot export, one topology field at a time.
package struct FlowerExportRefusal: Error, CustomStringConvertible {
    /// Every field the Flower app cannot reproduce, with why and what would export.
    package var problems: [(field: String, reason: String)]

    package var description: String {
        "cannot export to Flower:\n" + problems.map { "  \($0.field): \($0.reason)" }.joined(separator: "\n")
    }
}

extension FlowerExport {
    /// Strategies with a Flower counterpart of the same rule, and its class.
    static let strategies = ["fedavg": "FedAvg", "fedprox": "FedProx", "fedavgm": "FedAvgM"]
    /// Partitions flwr-datasets makes.
    static let partitions = ["flower_dirichlet", "iid"]
    /// Models of dense layers (their weights map to PyTorch's nn.Linear).
    static let models = ["logreg", "2nn"]

    /// The fields of `spec` the exported app could not reproduce.
    static func problems(_ spec: TopologySpec) -> [(field: String, reason: String)] {
        var out: [(String, String)] = []
        func refuse(_ field: String, _ reason: String) { out.append((field, reason)) }
        if spec.data.dataset != "fashion-mnist" {
            refuse("data.dataset", "\(spec.data.dataset) has no copy on Flower's side; fashion-mnist exports")
        }
        let partition = spec.data.partition
        if !partitions.contains(partition.kind) {
            refuse(
                "data.partition.kind",
                """
                \(partition.kind) is FedActors' own split; flower_dirichlet (flwr-datasets' DirichletPartitioner, the \
                same split) and iid (IidPartitioner) export
                """
            )
        }
        if (partition.settings["first_appearance_order"] ?? 0) != 0 {
            refuse(
                "data.partition.first_appearance_order",
                "flwr-datasets 0.6.1 visits classes in sorted order only; remove it to export")
        }
        if partition.quantitySkew != nil { refuse("data.partition.quantity_skew", "flwr-datasets has no such skew") }
        if !spec.data.corruptions.isEmpty { refuse("data.corruptions", "the Flower app does not corrupt data") }
        if spec.data.holdout > 0 { refuse("data.holdout", "the Flower app keeps no per-client held-out data") }
        if !models.contains(spec.model.name) {
            refuse(
                "model",
                """
                \(spec.model.name) has layers whose weights FedActors does not map to PyTorch yet; \
                \(models.joined(separator: " and ")) export
                """
            )
        }
        if strategies[spec.strategy.name] == nil {
            refuse(
                "strategy",
                """
                \(spec.strategy.name) is not exported; \(strategies.keys.sorted().joined(separator: ", ")) have a \
                Flower strategy with the same rule
                """
            )
        }
        if spec.continual != nil { refuse("continual", "the Flower app trains every class in every round") }
        if spec.compression.kind != "none" { refuse("compression", "Flower's strategies send models uncompressed") }
        if spec.training.momentum != 0 { refuse("training.momentum", "the exported clients run plain SGD") }
        if spec.training.weightDecay != 0 { refuse("training.weight_decay", "the exported clients run plain SGD") }
        out += participationProblems(spec)
        if spec.evaluation.federated {
            refuse("evaluation.federated", "the exported app evaluates the global model centrally only")
        }
        return out
    }

    /// Who takes part: Flower's simulation runs every sampled client to the end, uniformly sampled.
    private static func participationProblems(_ spec: TopologySpec) -> [(field: String, reason: String)] {
        var out: [(String, String)] = []
        let p = spec.participation
        if p.sampling != .uniform {
            out.append(("participation.sampling", "Flower's strategies sample uniformly; use uniform to export"))
        }
        if p.overcommit > 0 { out.append(("participation.overcommit", "Flower's strategies do not over-commit")) }
        if spec.deadlineSeconds != nil {
            out.append(("participation.deadline_seconds", "Flower's simulation has no virtual-time deadline"))
        }
        for (i, group) in spec.clientGroups.enumerated() {
            if group.dropoutProbability > 0 {
                out.append(("clients[\(i)].device.dropout", "Flower's simulation does not drop clients"))
            }
            if group.availability < 1 {
                out.append(("clients[\(i)].device.availability", "every Flower simulation node is always available"))
            }
            if group.availabilityTrace != nil {
                out.append(("clients[\(i)].availability.trace", "every Flower simulation node is always available"))
            }
        }
        return out
    }
}
