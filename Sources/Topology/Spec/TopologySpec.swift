import Federation
import Learning

/// A whole topology file: where nodes run, who lives where, and the federated run to do.
package struct TopologySpec: Sendable, Equatable {
    package var name: String
    package var seed: UInt64
    package var hosts: [HostSpec]
    /// Where the launching process (`fedactors run` or `launch`) listens; every node must be able to
    /// reach it there. It is the FL server's address when ``serverHost`` is nil, and the driver's
    /// (which follows the run's events) when the server is placed on a host.
    package var serverBind: String = "tcp://127.0.0.1:0"
    /// The host whose node runs the FL server (`server: {host: NAME}`), or nil: the server runs in the
    /// launching process.
    package var serverHost: String? = nil
    /// The server's access link, shared by every client's transfers (nil: unlimited).
    package var serverLink: SharedLink? = nil
    package var clientGroups: [ClientGroupSpec]
    package var data: DataSpec
    package var model: ModelSpec
    package var strategy: StrategySpec
    package var training: LocalPlan
    package var rounds: Int
    package var participation: ParticipationPolicy
    /// Round deadline in virtual seconds, if any.
    package var deadlineSeconds: Double?
    /// Real-time limit of each fit/evaluate call.
    package var callTimeoutSeconds: Double
    /// Virtual time (the default) or real delays scaled by a factor (`timing: {mode: real, scale: 0.01}`).
    package var timeMode: TimeMode = .virtual
    /// In real time, whether clients sleep for their links' times (`timing.network: paced`, the
    /// default) or leave them to the real network (`physical`: links applied with `fedactors emulate`).
    package var pacesNetwork = true
    package var evaluation: EvaluationSpec
    package var compression: CompressionSpec
    package var report: ReportSpec
    /// CurveZMQ for every process of the run, or nil: plain ZeroMQ.
    package var security: SecuritySpec? = nil
    /// The aggregation tier (hierarchical FL): each aggregator with its client groups; empty: flat.
    package var aggregators: [AggregatorSpec] = []
    /// The small-loss filter every client trains with (`sample_filter`), or nil: every sample.
    package var sampleFilter: SmallLossFilter? = nil
    /// Messy client data (the `messy:` section), or nil: the clients' data is the partition's as it is.
    package var messy: MessySpec? = nil
    /// Class-incremental continual learning (the `continual:` section), or nil: all classes every round.
    package var continual: ContinualLearning? = nil

    /// Total number of clients over every group.
    package var clientCount: Int { clientGroups.reduce(0) { $0 + $1.count } }
}

/// Where a node runs and how it starts.
package struct HostSpec: Sendable, Equatable {
    package enum Start: Sendable, Equatable {
        /// A `fedactors node` child process on this machine.
        case local
        /// A node inside the coordinator's own process, on ZeroMQ inproc:// (still metered).
        case inProcess
        /// A command that starts `fedactors node` there (e.g. through ssh or `ip netns exec`).
        case command([String])
        /// A node already running at the host's endpoint.
        case running
        /// `fedactors node` started on another machine through the system `ssh` client.
        case ssh(SSHTarget)
        /// `fedactors node` placed by the Slurm scheduler as one job step (`srun`).
        case slurm(SlurmPlacement)
    }
    package var name: String
    package var start: Start
    /// What the node binds (local and command hosts).
    package var bind: String
    /// Where peers dial it; for local hosts it is learnt when the node starts.
    package var endpoint: String?
    /// Whether the launcher starts the node again when its process exits during the run (the hosts
    /// whose node the launcher starts: `local`, `command`, `ssh` and `slurm`).
    package var restart: Restart = .never
    /// The host's (site's) link, shared by its clients' transfers (nil: unlimited).
    package var link: SharedLink? = nil

    /// The `restart` setting of a host.
    package enum Restart: String, Sendable, Equatable, CaseIterable {
        /// A node that exits stays down; its clients are not invited again unless it comes back by hand.
        case never
        /// The launcher restarts a node whose process exits before the run ends, and its clients rejoin.
        case onFailure = "on-failure"
    }
}

extension HostSpec {
    /// For a command host, the address its command tells the node to announce: the value of
    /// `--advertise`, else of `--bind` (as the next word or after `=`, also inside a one-word remote
    /// command); nil when it names neither, or binds a wildcard (which says nothing of its address).
    package var commandAddress: String? {
        guard case .command(let given) = start else { return nil }
        let words = given.flatMap { $0.split(separator: " ").map(String.init) }
        func value(of flag: String) -> String? {
            for (i, word) in words.enumerated() {
                if word == flag, i + 1 < words.count { return words[i + 1] }
                if word.hasPrefix(flag + "=") { return String(word.dropFirst(flag.count + 1)) }
            }
            return nil
        }
        if let advertised = value(of: "--advertise") { return advertised }
        guard let bound = value(of: "--bind"), !bound.hasPrefix("tcp://0.0.0.0"), !bound.hasPrefix("tcp://*"),
            !bound.hasPrefix("tcp://[::]")
        else { return nil }
        return bound
    }
}

/// A group of similar clients.
package struct ClientGroupSpec: Sendable, Equatable {
    package var name: String
    package var count: Int
    /// Hosts the group's clients are spread over, round-robin.
    package var hosts: [String]
    package var flopsPerSecond: Distribution
    package var availability: Double
    package var dropoutProbability: Double
    package var downMbps: Distribution
    package var upMbps: Distribution
    package var latencyMilliseconds: Double
    /// Packet loss on each client's last mile (0 ≤ p < 1).
    package var lossRate: Double = 0
    /// The devices of `device.trace`: their speeds (and links, when traced) replace the distributions'.
    package var deviceTrace: DeviceTrace? = nil
    /// When each client is online (`availability.trace`), repeating every `availabilityPeriodSeconds`.
    package var availabilityTrace: AvailabilityTrace? = nil
    package var availabilityPeriodSeconds: Double? = nil
}

/// The data and how it is split and corrupted across clients.
package struct DataSpec: Sendable, Equatable {
    package var dataset: String
    package var partition: PartitionSpec
    package var corruptions: [CorruptionSpec]
    /// Fraction of each client's data held out for personalization metrics.
    package var holdout: Double
    /// At most this many training samples per client (`data.samples_per_client`), e.g. to fit a
    /// time budget; nil: all of each client's share.
    package var samplesPerClient: Int? = nil
}

package struct PartitionSpec: Sendable, Equatable {
    package var kind: String
    /// Numeric settings of the partitioner, by name (alpha, shards_per_client, imbalance_ratio, …).
    package var settings: [String: Double]
    package var quantitySkew: String?
}

package struct CorruptionSpec: Sendable, Equatable {
    package var kind: String
    package var settings: [String: [Double]]
}

package struct ModelSpec: Sendable, Equatable {
    package var name: String
    package var width: Double
}

package struct StrategySpec: Sendable, Equatable {
    package var name: String
    /// Numeric options of the strategy, by name (mu, server_lr, beta1, trim_fraction, …).
    package var options: [String: Double]
}

package struct EvaluationSpec: Sendable, Equatable {
    package var every: Int
    package var federated: Bool
    /// At most this many samples of the test set for the global evaluation (`evaluation.test_samples`);
    /// nil: all of it.
    package var testSamples: Int? = nil
    /// The run's headline metric (`evaluation.metric`, one of ``Vocabulary/metrics``): what the
    /// console's last line and the report's `headline` give first. nil: global top-1.
    package var metric: String? = nil
    /// Local fine-tuning steps each client takes on its own data before its federated evaluation
    /// (`fine_tune_steps`), or nil: clients evaluate the model as received.
    package var fineTuneSteps: Int? = nil
}

package struct CompressionSpec: Sendable, Equatable {
    package var kind: String
    package var fraction: Double?
    package var errorFeedback: Bool

    /// The Federation compression this names; nil for `none`.
    package var compression: Compression? {
        get throws(FederationError) {
            var stages: [Compression.Stage] = []
            for part in kind.split(separator: "+") {
                switch part {
                case "none": continue
                case "topk": stages.append(.topK(fraction: fraction ?? 0.01))
                case "q8": stages.append(.quantize(bits: 8))
                case "q16": stages.append(.quantize(bits: 16))
                default:
                    throw FederationError(
                        .invalidSetting,
                        """
                        compression '\(kind)' is unknown; use one of \
                        \(Vocabulary.compressions.joined(separator: ", "))
                        """
                    )
                }
            }
            return stages.isEmpty ? nil : try Compression(stages: stages, errorFeedback: errorFeedback)
        }
    }
}

/// How the run's processes secure their traffic.
package struct SecuritySpec: Sendable, Equatable {
    /// The file (from `fedactors keys generate`) with the CurveZMQ secret key every process of the run
    /// holds: the server and the nodes encrypt, dial each other with its public key, and admit only
    /// its holders. Local nodes are given it; `command` and `running` nodes must be started with
    /// `--curve-mesh-key` and a copy of it.
    package var curveMeshKey: String

    package init(curveMeshKey: String) { self.curveMeshKey = curveMeshKey }
}

package struct ReportSpec: Sendable, Equatable {
    package var json: String?
    package var csv: String?
    package var html: String?
}
