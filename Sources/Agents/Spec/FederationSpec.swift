import Topology

/// What the agents produce: a federated system in four modules, in the topology files' vocabulary,
/// so the result is a topology a user can read, edit and run with `fedactors run`.
package struct FederationSpec: Codable, Sendable, Equatable {
    /// The learning task: data, how it is split and corrupted across clients, and the model.
    package struct TaskModule: Codable, Sendable, Equatable {
        package var dataset: String
        package var partition: String
        /// Numeric settings of the partition (alpha, imbalance_ratio, shards_per_client).
        package var partitionSettings: [String: Double]
        package var quantitySkew: String?
        package var corruptions: [Corruption]
        package var model: String
        package var width: Double
        /// Fraction of each client's data held out for personal accuracy.
        package var holdout: Double
        /// Continual learning: the classes arrive in this many task waves (the topology's
        /// `continual.tasks`), or nil: every class from the first round.
        package var tasks: Int? = nil
    }

    /// A per-client corruption: `range` is the span its strength is drawn from per client.
    package struct Corruption: Codable, Sendable, Equatable {
        package var kind: String
        package var range: [Double]?
        /// The share of clients it hits (nil: every client).
        package var fractionOfClients: Double? = nil
    }

    /// What each client does in a round.
    package struct ClientModule: Codable, Sendable, Equatable {
        package var localEpochs: Int
        package var batchSize: Int
        package var learningRate: Double
        package var momentum: Double
        /// The small-loss filter for noisy labels (the topology's `sample_filter`), or nil.
        package var sampleFilter: SampleFilter? = nil
        /// Local fine-tuning steps before each client's own evaluation (`evaluation.fine_tune_steps`), or nil.
        package var fineTuneSteps: Int? = nil
        /// Continual learning's experience replay (`continual.replay`), or nil.
        package var replay: Replay? = nil
        /// Continual learning's elastic weight consolidation (`continual.ewc`), or nil.
        package var ewc: EWC? = nil
    }

    /// Each client replays up to `memory` earlier samples, a `share` of each local epoch.
    package struct Replay: Codable, Sendable, Equatable {
        package var memory: Int
        package var share: Double
    }

    /// Each client penalizes moving weights earlier tasks found important, with strength `lambda`.
    package struct EWC: Codable, Sendable, Equatable {
        package var lambda: Double
        package var fisherSamples: Int
    }

    /// Each client drops the highest-loss `dropFraction` of every batch, reached over `rampRounds`.
    package struct SampleFilter: Codable, Sendable, Equatable {
        package var dropFraction: Double
        package var rampRounds: Int
    }

    /// How the server combines, selects and compresses.
    package struct StrategyModule: Codable, Sendable, Equatable {
        package var name: String
        package var options: [String: Double]
        package var sampling: String
        package var compression: String
        package var compressionFraction: Double?
        package var errorFeedback: Bool
    }

    /// Rounds, participation, deadline and evaluation.
    package struct ServerModule: Codable, Sendable, Equatable {
        package var clients: Int
        package var rounds: Int
        package var fraction: Double
        package var minFit: Int
        package var overcommit: Double
        package var deadlineSeconds: Double?
        package var evaluateEvery: Int
        package var federatedEvaluation: Bool
        /// Device heterogeneity to simulate: spread of compute speeds (lognormal sigma), dropout rate.
        package var speedSpread: Double
        package var dropout: Double
        /// The headline metric (`evaluation.metric`, a `Vocabulary.metrics` name; nil: global top-1).
        package var metric: String? = nil
        /// Time-budget sizing: at most this many training samples per client and test samples for
        /// the global evaluation (nil: all).
        package var samplesPerClient: Int? = nil
        package var testSamples: Int? = nil
        /// Every client's link (the topology's `link`; nil: none, transfers take no virtual time).
        package var link: Link? = nil
    }

    /// A client's link speeds in Mbit/s.
    package struct Link: Codable, Sendable, Equatable {
        package var downMbps: Double
        package var upMbps: Double
    }

    package var name: String
    package var task: TaskModule
    package var client: ClientModule
    package var strategy: StrategyModule
    package var server: ServerModule
    /// Lines the topology file carries as comments under its header (who chose the method and
    /// why); nil: none.
    package var comments: [String]? = nil

    /// The four modules' names, in the order the supervisor builds them.
    package enum Module: String, Codable, Sendable, CaseIterable {
        case task, client, strategy, server
    }
}
