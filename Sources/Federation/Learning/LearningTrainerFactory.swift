import Learning

/// Builds clients from a ``ClientSetup`` with Learning: loads the dataset once per process, splits it
/// among all `totalClients` with the setup's partitioner and seed (every node computes the same split),
/// and gives each client its data (`ClientDataBuilder`: partition, quantity skew, held-out split,
/// corruptions) and a fresh model.
public struct LearningTrainerFactory: TrainerFactory {
    /// Sets OpenBLAS to `blasThreads` threads per call for this process (see `BLAS.threads`): a node
    /// trains many clients concurrently, one per core, so 1 is right unless it hosts a single client.
    /// - Parameters:
    ///   - blasThreads: OpenBLAS threads per call.
    ///   - evaluationShards: how many cores the server's central evaluation uses (nil: one per
    ///     core, see `ShardedEvaluator.shardCount(samples:cores:minimumShard:)`; 1: unsharded).
    public init(blasThreads: Int = 1, evaluationShards: Int? = nil) {
        BLAS.threads = blasThreads
        self.evaluationShards = evaluationShards
    }

    private let evaluationShards: Int?

    /// Up to this many clients on one node keep their models between rounds; more build them per call.
    package static let residentModelLimit = 64

    /// Models this build can train.
    package static let models = ModelZoo.names
    /// The datasets ``dataset(_:)`` loads or generates.
    package static let datasets = ["fashion-mnist", "synthetic-leaf", "synthetic-sensors"]

    /// The error for a dataset this build does not have.
    static func unknownDataset(_ name: String) -> FederationError {
        FederationError(
            .invalidSetting, "dataset '\(name)' is not available; available: \(datasets.joined(separator: ", "))")
    }

    public func makeTrainer(_ setup: ClientSetup, clientID: Int) throws -> any LocalTrainer {
        let data = try Self.dataset(setup.dataset)
        let client = try ClientDataBuilder.build(setup, data: data, clientID: clientID)
        // A node with many clients builds each one's model only while it trains or evaluates.
        let keepsModel = setup.clients.count <= Self.residentModelLimit
        let width = setup.width(ofClient: clientID)
        // A client's weights come from the server before every fit and evaluate, so its model is
        // built without drawing initial weights (with 1,000 clients, drawing them was most of a run).
        let trainer = try ModelTrainer(
            makeModel: { try Self.model(setup, data: data.train, width: width, initialized: false) },
            keepsModel: keepsModel,
            dataset: client.dataset, trainIndices: client.trainIndices,
            evaluation: client.heldOut.isEmpty ? .dataset(data.test) : .heldOut(client.heldOut))
        trainer.methods = setup.methods ?? ClientMethods()
        if let continual = setup.methods?.continual {
            trainer.continual = try ContinualClientState(
                settings: continual, labels: client.dataset.labels, trainIndices: client.trainIndices,
                classes: client.dataset.classCount,
                seed: ClientDataBuilder.seedFor(setup.seed, "continual replay", clientID))
        }
        trainer.modelDescription = ModelDescription(
            name: setup.model, width: width, sampleShape: data.train.sampleShape, classes: data.train.classCount)
        return trainer
    }

    public func makeEvaluator(_ setup: ClientSetup) throws -> (evaluator: any LocalTrainer, initialParameters: [Float])
    {
        let data = try Self.dataset(setup.dataset)
        let model = try Self.model(setup, data: data.train)
        let initial = model.parameters
        var test = data.test
        if let classes = setup.evaluationClasses {
            let wanted = Set(classes)
            test = try test.subset(
                test.labels.indices.filter { wanted.contains(Int(test.labels[$0])) },
                name: "\(test.name) (classes \(classes.map(String.init).joined(separator: ", ")))")
        }
        if let limit = setup.evaluationLimit, limit >= 1, limit < test.count {
            test = try test.subset(Array(0..<limit), name: "\(test.name) (first \(limit))")
        }
        let shardCount = evaluationShards ?? ShardedEvaluator.shardCount(samples: test.count)
        guard shardCount > 1 else {
            return (
                try ModelTrainer(model: model, dataset: data.train, trainIndices: [], evaluation: .dataset(test)),
                initial
            )
        }
        // Contiguous shards of the test set, each with a model of its own (evaluate sets its weights).
        var shards: [any LocalTrainer] = []
        for s in 0..<shardCount {
            let range = (s * test.count / shardCount)..<((s + 1) * test.count / shardCount)
            let shardModel = s == 0 ? model : try Self.model(setup, data: data.train, initialized: false)
            shards.append(
                try ModelTrainer(model: shardModel, dataset: test, trainIndices: [], evaluation: .heldOut(Array(range)))
            )
        }
        return (try ShardedEvaluator(shards: shards), initial)
    }

    static func dataset(_ name: String) throws -> DatasetSplit {
        switch name {
        case "fashion-mnist": return try FashionMNIST.load(directory: FashionMNIST.configuredDirectory())
        // The dataset is a fixed artifact, like Fashion-MNIST: its own seed, not the run's.
        case "synthetic-leaf":
            return try SyntheticLEAF.generate(alpha: 1, beta: 1, users: DatasetFacts.syntheticLEAFUsers, seed: 1)
        case "synthetic-sensors":
            return try SyntheticSensors.generate(users: DatasetFacts.syntheticSensorsUsers, seed: 1)
        default: throw unknownDataset(name)
        }
    }

    /// The setup's model; with `initialized` false its parameters are all 0 (the caller sets them).
    static func model(_ setup: ClientSetup, data: Dataset, width: Double? = nil, initialized: Bool = true) throws
        -> any TrainableModel
    {
        // The server's model is drawn from the run's seed (FedAvg needs one initial model, the same on
        // every node); clients receive it, so theirs need no weights of their own.
        guard models.contains(setup.model) else {
            throw FederationError(
                .invalidSetting,
                "model '\(setup.model)' is not available in this build; available: \(models.joined(separator: ", "))")
        }
        do {
            return try ModelZoo.make(
                setup.model, sampleShape: data.sampleShape, classes: data.classCount, width: width ?? setup.width,
                seed: initialized ? setup.seed : nil)
        } catch {
            throw FederationError(.invalidSetting, "model '\(setup.model)' cannot be built for \(data.name): \(error)")
        }
    }
}
