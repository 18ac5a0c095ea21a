import Learning
import Synchronization

/// Builds clients from a ``ClientSetup`` with Learning: loads the dataset once per process, splits it
/// among all `totalClients` with the setup's partitioner and seed (every node computes the same split),
/// and gives each client its index list and a fresh model.
public struct LearningTrainerFactory: TrainerFactory {
    /// Sets OpenBLAS to `blasThreads` threads per call for this process (see `BLAS.threads`): a node
    /// trains many clients concurrently, one per core, so 1 is right unless it hosts a single client.
    public init(blasThreads: Int = 1) {
        BLAS.threads = blasThreads
    }

    /// Models this build can train.
    public static let models = ["logreg", "2nn"]

    public func makeTrainer(_ setup: ClientSetup, clientID: Int) throws -> any LocalTrainer {
        let data = try Self.dataset(setup.dataset)
        let parts = try Self.partition(setup, labels: data.train.labels, classes: data.train.classCount)
        guard parts.indices.contains(clientID) else {
            throw FederationError(.invalidSetting, "client \(clientID) is outside the \(parts.count) partitions")
        }
        var indices = parts[clientID]
        var heldOut: [Int] = []
        if setup.holdout > 0 {
            let keep = indices.count - Int(Double(indices.count) * setup.holdout)
            heldOut = Array(indices[keep...])
            indices = Array(indices[..<keep])
        }
        if let limit = setup.sampleLimit, limit >= 1, limit < indices.count {
            // Evenly spaced, not a prefix: partitioners list a client's samples class by class, so a
            // prefix would hold one class and a trial would learn nothing.
            let step = Double(indices.count) / Double(limit)
            indices = (0..<limit).map { indices[Int(Double($0) * step)] }
        }
        let model = try Self.model(setup, data: data.train)
        return try ModelTrainer(model: model, dataset: data.train, trainIndices: indices,
                                evaluation: heldOut.isEmpty ? .dataset(data.test) : .heldOut(heldOut))
    }

    public func makeEvaluator(_ setup: ClientSetup) throws -> (evaluator: any LocalTrainer, initialParameters: [Float]) {
        let data = try Self.dataset(setup.dataset)
        let model = try Self.model(setup, data: data.train)
        let initial = model.parameters
        var test = data.test
        if let limit = setup.evaluationLimit, limit >= 1, limit < test.count {
            test = try Dataset(
                name: "\(test.name) (first \(limit))", features: Array(test.features.prefix(limit * test.featureCount)),
                labels: Array(test.labels.prefix(limit)), featureCount: test.featureCount, classCount: test.classCount,
                labelNames: test.labelNames, sampleShape: test.sampleShape)
        }
        return (try ModelTrainer(model: model, dataset: data.train, trainIndices: [], evaluation: .dataset(test)), initial)
    }

    static func dataset(_ name: String) throws -> DatasetSplit {
        switch name {
        case "fashion-mnist": return try FashionMNIST.load()
        default: throw FederationError(.invalidSetting, "dataset '\(name)' is not available in this build; available: fashion-mnist")
        }
    }

    static func model(_ setup: ClientSetup, data: Dataset) throws -> MLP {
        // Every client and the server start from the same seed: FedAvg needs one initial model.
        switch setup.model {
        case "logreg": return try MLP(layerSizes: [data.featureCount, data.classCount], seed: setup.seed)
        case "2nn": return try MLP(layerSizes: [data.featureCount, 200, 200, data.classCount], seed: setup.seed)
        default: throw FederationError(.invalidSetting, "model '\(setup.model)' is not available in this build; available: \(models.joined(separator: ", "))")
        }
    }

    private static let partitions = Mutex<[String: [[Int]]]>([:])

    static func partition(_ setup: ClientSetup, labels: [Int32], classes: Int) throws -> [[Int]] {
        let key = "\(setup.dataset)|\(setup.partition)|\(setup.partitionSettings.sorted { $0.key < $1.key })|\(setup.totalClients)|\(setup.seed)"
        if let cached = partitions.withLock({ $0[key] }) { return cached }
        let partitioner: Partitioner
        switch setup.partition {
        case "iid": partitioner = .iid
        case "dirichlet": partitioner = .dirichlet(alpha: setup.partitionSettings["alpha"] ?? 0.5)
        case "shards": partitioner = .shards(perClient: Int(setup.partitionSettings["shards_per_client"] ?? 2))
        default: throw FederationError(.invalidSetting, "partition '\(setup.partition)' is not available in this build; available: iid, dirichlet, shards")
        }
        let parts = try partitioner.split(labels: labels, classes: classes, clients: setup.totalClients, seed: setup.seed)
        partitions.withLock { $0[key] = parts }
        return parts
    }
}
