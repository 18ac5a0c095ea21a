import Topology

/// What the agents produce: a federated system in four modules, in the topology files' vocabulary,
/// so the result is a topology a user can read, edit and run with `fedactors run`.
public struct FederationSpec: Codable, Sendable, Equatable {
    /// The learning task: data, how it is split and corrupted across clients, and the model.
    public struct TaskModule: Codable, Sendable, Equatable {
        public var dataset: String
        public var partition: String
        /// Numeric settings of the partition (alpha, imbalance_ratio, shards_per_client).
        public var partitionSettings: [String: Double]
        public var quantitySkew: String?
        public var corruptions: [Corruption]
        public var model: String
        public var width: Double
        /// Fraction of each client's data held out for personal accuracy.
        public var holdout: Double
    }

    /// A per-client corruption: `range` is the span its strength is drawn from per client.
    public struct Corruption: Codable, Sendable, Equatable {
        public var kind: String
        public var range: [Double]?
        /// The share of clients it hits (nil: every client).
        public var fractionOfClients: Double? = nil
    }

    /// What each client does in a round.
    public struct ClientModule: Codable, Sendable, Equatable {
        public var localEpochs: Int
        public var batchSize: Int
        public var learningRate: Double
        public var momentum: Double
    }

    /// How the server combines, selects and compresses.
    public struct StrategyModule: Codable, Sendable, Equatable {
        public var name: String
        public var options: [String: Double]
        public var sampling: String
        public var compression: String
        public var compressionFraction: Double?
        public var errorFeedback: Bool
    }

    /// Rounds, participation, deadline and evaluation.
    public struct ServerModule: Codable, Sendable, Equatable {
        public var clients: Int
        public var rounds: Int
        public var fraction: Double
        public var minFit: Int
        public var overcommit: Double
        public var deadlineSeconds: Double?
        public var evaluateEvery: Int
        public var federatedEvaluation: Bool
        /// Device heterogeneity to simulate: spread of compute speeds (lognormal sigma), dropout rate.
        public var speedSpread: Double
        public var dropout: Double
        /// The headline metric (`evaluation.metric`, a `Vocabulary.metrics` name; nil: global top-1).
        public var metric: String? = nil
        /// Time-budget sizing: at most this many training samples per client and test samples for
        /// the global evaluation (nil: all).
        public var samplesPerClient: Int? = nil
        public var testSamples: Int? = nil
    }

    public var name: String
    public var task: TaskModule
    public var client: ClientModule
    public var strategy: StrategyModule
    public var server: ServerModule

    /// The four modules' names, in the order the supervisor builds them.
    public enum Module: String, Codable, Sendable, CaseIterable {
        case task, client, strategy, server
    }
}
