import Federation

/// The names a topology file may use. One list, so the reader, the docs and the agents agree.
package enum Vocabulary {
    package static let datasets = ["fashion-mnist", "synthetic-leaf", "synthetic-sensors"]
    package static let partitions = [
        "iid", "dirichlet", "flower_dirichlet", "shards", "long_tail", "domains", "by_user",
    ]
    package static let partitionSettings: [String: [String]] = [
        "iid": [], "dirichlet": ["alpha"],
        "flower_dirichlet": ["alpha", "min_partition_size", "self_balancing", "first_appearance_order"],
        "shards": ["shards_per_client"], "long_tail": ["imbalance_ratio"],
        "domains": [], "by_user": [],
    ]
    /// Partition settings that are whole numbers, 0 allowed except for `shards_per_client` (at least 1);
    /// The booleans (``booleanPartitionSettings``) are kept as 0 or 1.
    package static let wholeNumberPartitionSettings: Set<String> = [
        "min_partition_size", "self_balancing", "first_appearance_order", "seed", "shards_per_client",
    ]
    /// Partition settings written `true`/`false` in a topology and kept as 1/0.
    package static let booleanPartitionSettings: Set<String> = ["self_balancing", "first_appearance_order"]
    /// How a participation fraction of the population becomes a client count: `ceil` (the default)
    /// or `floor` (Flower's `int(fraction × N)`).
    package static let participationRoundings = ["ceil", "floor"]
    package static let quantitySkews = ["power_law", "exponential"]
    package static let corruptions = [
        "gaussian_noise", "label_flip", "pair_flip", "rotation", "inversion", "contrast", "blur",
    ]
    /// The headline metrics a run can report (``RunReport/headline(_:)`` computes each).
    package static var metrics: [String] { HeadlineMetric.allCases.map(\.rawValue) }
    package static let models = ["logreg", "2nn", "cnn", "resnet8", "gru"]
    /// The strategies of `StrategyRegistry.current` (Federation), in its order (each strategy's own descriptor).
    package static var strategies: [String] { StrategyRegistry.current.names }
    /// What a topology file may write as a strategy: the names and every alias.
    package static var strategyNames: [String] {
        StrategyRegistry.current.names + StrategyRegistry.current.descriptors.flatMap(\.aliases)
    }
    package static let samplings = ["uniform", "by_size", "power_of_choice"]
    package static let compressions = ["none", "topk", "q8", "q16", "topk+q8"]
    /// What `sample_filter.kind` may be: the small-loss filter for noisy labels.
    package static let sampleFilters = ["small_loss"]
    package static let timeModes = ["virtual", "real"]
    package static let networkPacings = ["paced", "physical"]
    package static let hostStarts = ["local", "inprocess", "command", "running", "ssh", "slurm"]
}
