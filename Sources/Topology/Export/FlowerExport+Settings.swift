import Federation

/// The topology's settings in the exported app's terms: the run config, the strategy's call, the
/// partitioner, and the prose of its README.
extension FlowerExport {
    /// `[tool.flwr.app.config]`'s entries in order, values as TOML.
    func runConfig(initialModel: String) -> [(key: String, value: String)] {
        let p = spec.participation
        var entries: [(String, String)] = [
            ("num-server-rounds", String(spec.rounds)),
            ("num-partitions", String(spec.clientCount)),
            ("fraction-train", String(p.fraction)),
            // Flower samples max(int(fraction × nodes), min_train_nodes): FedActors' own count, however it rounds.
            ("min-train-nodes", String(p.target(population: spec.clientCount))),
            ("min-available-nodes", String(p.minAvailable)),
            ("evaluate-every", String(spec.evaluation.every)),
            ("local-epochs", String(spec.training.epochs)),
            ("batch-size", String(spec.training.batchSize)),
            ("learning-rate", String(spec.training.learningRate)),
            ("seed", String(spec.seed)),
        ]
        entries += partitionConfig + strategyConfig
        entries += [
            ("model-impl", Self.toml("numpy")),
            ("initial-model", Self.toml(initialModel)),
            ("save-model", Self.toml("")),
            ("data-dir", Self.toml("/usr/share/datasets/fashion-mnist")),
        ]
        return entries
    }

    private var partitionConfig: [(key: String, value: String)] {
        let s = spec.data.partition.settings
        guard spec.data.partition.kind == "flower_dirichlet" else { return [] }
        return [
            ("partition-alpha", String(s["alpha"] ?? 0.5)),
            ("partition-min-size", String(Int(s["min_partition_size"] ?? 10))),
            ("partition-self-balancing", (s["self_balancing"] ?? 0) != 0 ? "true" : "false"),
            // A partition may carry its own seed; otherwise the run's (as FedActors splits).
            ("partition-seed", String(s["seed"].map { UInt64($0) } ?? spec.seed)),
        ]
    }

    private var strategyConfig: [(key: String, value: String)] {
        let given = spec.strategy.options
        switch spec.strategy.name {
        case "fedprox":
            let options = try? StrategyOptions(given, for: FedProx.descriptor)
            return [("proximal-mu", String(options?.value("mu") ?? 0))]
        case "fedavgm":
            let options = try? StrategyOptions(given, for: FedAvgM.descriptor)
            return [
                ("server-learning-rate", String(options?.value("server_lr") ?? 1)),
                ("server-momentum", String(options?.value("momentum") ?? 0)),
            ]
        default: return []
        }
    }

    /// The Python expression that makes the strategy from the run config.
    var strategyCall: String {
        let common =
            #"fraction_train=float(config["fraction-train"]), fraction_evaluate=0.0, "#
            + #"min_train_nodes=int(config["min-train-nodes"]), min_available_nodes=int(config["min-available-nodes"])"#
        switch spec.strategy.name {
        case "fedprox": return #"FedProx(\#(common), proximal_mu=float(config["proximal-mu"]))"#
        case "fedavgm":
            return #"FedAvgM(\#(common), server_learning_rate=float(config["server-learning-rate"]), "#
                + #"server_momentum=float(config["server-momentum"]))"#
        default: return "FedAvg(\(common))"
        }
    }

    /// The body of `make_partitioner(config, num_partitions)`.
    var partitioner: String {
        spec.data.partition.kind == "flower_dirichlet"
            ? #"""
                from flwr_datasets.partitioner import DirichletPartitioner

                return DirichletPartitioner(
                    num_partitions=num_partitions, partition_by="label", alpha=float(config["partition-alpha"]),
                    min_partition_size=int(config["partition-min-size"]),
                    self_balancing=bool(config["partition-self-balancing"]), shuffle=True,
                    seed=int(config["partition-seed"]),
                )
            """#
            : #"""
                from flwr_datasets.partitioner import IidPartitioner

                return IidPartitioner(num_partitions=num_partitions)
            """#
    }

    var partitionNote: String {
        spec.data.partition.kind == "flower_dirichlet"
            ? """
            flwr-datasets' DirichletPartitioner, the split FedActors' flower_dirichlet reproduces (the same clients' \
            data).
            """
            : "flwr-datasets' IidPartitioner: an iid split like FedActors' iid, but not the same draw."
    }

    var modelNote: String {
        """
        \(spec.model.name), dense layers \
        \(sizes.map(String.init).joined(separator: "-"))\(sizes.count > 2 ? " with ReLU" : "").
        """
    }

    var summary: String {
        "\(spec.clientCount) clients (one simulation node each), \(Self.strategies[spec.strategy.name] ?? "") "
            + "with \(spec.participation.target(population: spec.clientCount)) clients a round, \(spec.rounds) rounds, "
            + "\(spec.model.name) trained by SGD (learning rate \(spec.training.learningRate), batch "
            + "\(spec.training.batchSize), \(spec.training.epochs) local epoch\(spec.training.epochs == 1 ? "" : "s")), "
            + "the global model evaluated on the 10,000 test images every \(spec.evaluation.every) round(s)."
    }

    var differences: String {
        "Flower's simulation runs every sampled client to completion, so the topology's device speeds, "
            + "links and timing (which change FedActors' virtual time, not what is trained) are not carried over. "
            + "Clients are sampled and batches shuffled by other generators than FedActors', so accuracies "
            + "agree within run-to-run spread, not bit for bit. "
            + (spec.data.partition.kind == "iid" ? "The iid split is another draw than FedActors'." : "")
    }

    /// `text` as a TOML basic string.
    static func toml(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
