/// Everything a node needs to build its share of a federation's clients, locally: the data, how it is
/// split, the model. Every node derives the same partition from the same seed, so only client ids and
/// profiles travel, never data.
public struct ClientSetup: Codable, Sendable, Equatable {
    /// Dataset name (`fashion-mnist`, `synthetic-leaf`, `synthetic-sensors`).
    public var dataset: String
    /// Partition kind and its numeric settings (`alpha`, `shards_per_client`, `imbalance_ratio`, …).
    public var partition: String
    public var partitionSettings: [String: Double]
    public var quantitySkew: String?
    /// Corruptions by kind, with their settings (e.g. `label_flip: {range: [0, 0.5]}`).
    public var corruptions: [String: [String: [Double]]]
    /// Fraction of each client's data held out for personalization metrics.
    public var holdout: Double
    /// Model name and width multiplier.
    public var model: String
    public var width: Double
    /// Seed of partitioning, corruption and model initialization.
    public var seed: UInt64
    /// Number of clients in the whole federation (the partition is over all of them).
    public var totalClients: Int
    /// The clients this node builds, with their profiles.
    public var clients: [Int: ClientProfile]
    /// For quick trial runs (the agents' evaluator): at most this many training samples (and as many
    /// held-out samples, unless `heldOutLimit` says otherwise) per client, and at most
    /// `evaluationLimit` test samples for the global evaluation. nil: all.
    public var sampleLimit: Int?
    public var evaluationLimit: Int?
    public var heldOutLimit: Int? = nil
    /// HeteroFL: the model widths cycled over client ids (client i trains at `widthLevels[i % count]`);
    /// nil: every client at `width`.
    public var widthLevels: [Double]? = nil
    /// The small-loss filter and local fine-tuning every client applies (nil: neither).
    package var methods: ClientMethods? = nil
    /// The evaluator tests only on the test samples of these classes (continual learning measures
    /// each task on its own classes); nil: every class.
    package var evaluationClasses: [Int]? = nil
    /// The clients train on the data their node's ``ClientDataAgent``s prepared (cleaned and relabelled
    /// onto the task's classes by the data stages of a `messy:` topology) instead of the partition's:
    /// every client of ``clients`` must have an agent with prepared data on the node.
    package var trainsOnPreparedData = false

    public init(
        dataset: String, partition: String, partitionSettings: [String: Double] = [:], quantitySkew: String? = nil,
        corruptions: [String: [String: [Double]]] = [:], holdout: Double = 0, model: String, width: Double = 1,
        seed: UInt64, totalClients: Int, clients: [Int: ClientProfile]
    ) {
        self.dataset = dataset
        self.partition = partition
        self.partitionSettings = partitionSettings
        self.quantitySkew = quantitySkew
        self.corruptions = corruptions
        self.holdout = holdout
        self.model = model
        self.width = width
        self.seed = seed
        self.totalClients = totalClients
        self.clients = clients
    }
}

extension ClientSetup {
    /// The width client `id`'s model is built at (``widthLevels`` cycled, else ``width``).
    public func width(ofClient id: Int) -> Double {
        guard let levels = widthLevels, !levels.isEmpty else { return width }
        return levels[((id % levels.count) + levels.count) % levels.count]
    }
}

/// Builds the local trainers of a setup (data slice + model) and the server's evaluator.
/// The Learning-backed implementation is ``LearningTrainerFactory``; tests may use their own.
public protocol TrainerFactory: Sendable {
    /// The trainer of client `clientID` of `setup` (its data slice and a fresh model).
    func makeTrainer(_ setup: ClientSetup, clientID: Int) throws -> any LocalTrainer
    /// The evaluator of the global model on the held-out test set, and the initial global parameters.
    func makeEvaluator(_ setup: ClientSetup) throws -> (evaluator: any LocalTrainer, initialParameters: [Float])
}
