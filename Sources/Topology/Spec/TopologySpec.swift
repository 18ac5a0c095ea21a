import Federation

/// A whole topology file: where nodes run, who lives where, and the federated run to do.
public struct TopologySpec: Sendable, Equatable {
    public var name: String
    public var seed: UInt64
    public var hosts: [HostSpec]
    /// Where the FL server listens; it always runs in the process that runs `fedactors run` or
    /// `launch`, and every node must be able to reach it there.
    public var serverBind: String = "tcp://127.0.0.1:0"
    /// The server's access link, shared by every client's transfers (nil: unlimited).
    public var serverLink: SharedLink? = nil
    public var clientGroups: [ClientGroupSpec]
    public var data: DataSpec
    public var model: ModelSpec
    public var strategy: StrategySpec
    public var training: LocalPlan
    public var rounds: Int
    public var participation: ParticipationPolicy
    /// Round deadline in virtual seconds, if any.
    public var deadlineSeconds: Double?
    /// Real-time limit of each fit/evaluate call.
    public var callTimeoutSeconds: Double
    /// Virtual time (the default) or real delays scaled by a factor (`timing: {mode: real, scale: 0.01}`).
    public var timeMode: TimeMode = .virtual
    /// In real time, whether clients sleep for their links' times (`timing.network: paced`, the
    /// default) or leave them to the real network (`physical`: links applied with `fedactors emulate`).
    public var pacesNetwork = true
    public var evaluation: EvaluationSpec
    public var compression: CompressionSpec
    public var report: ReportSpec
    /// CurveZMQ for every process of the run, or nil: plain ZeroMQ.
    public var security: SecuritySpec? = nil

    /// Total number of clients over every group.
    public var clientCount: Int { clientGroups.reduce(0) { $0 + $1.count } }
}

/// Where a node runs and how it starts.
public struct HostSpec: Sendable, Equatable {
    public enum Start: Sendable, Equatable {
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
    public var name: String
    public var start: Start
    /// What the node binds (local and command hosts).
    public var bind: String
    /// Where peers dial it; for local hosts it is learnt when the node starts.
    public var endpoint: String?
    /// Whether the launcher starts the node again when its process exits during the run (the hosts
    /// whose node the launcher starts: `local`, `command`, `ssh` and `slurm`).
    public var restart: Restart = .never
    /// The host's (site's) link, shared by its clients' transfers (nil: unlimited).
    public var link: SharedLink? = nil

    /// The `restart` setting of a host.
    public enum Restart: String, Sendable, Equatable, CaseIterable {
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
    public var commandAddress: String? {
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
public struct ClientGroupSpec: Sendable, Equatable {
    public var name: String
    public var count: Int
    /// Hosts the group's clients are spread over, round-robin.
    public var hosts: [String]
    public var flopsPerSecond: Distribution
    public var availability: Double
    public var dropoutProbability: Double
    public var downMbps: Distribution
    public var upMbps: Distribution
    public var latencyMilliseconds: Double
    /// Packet loss on each client's last mile (0 ≤ p < 1).
    public var lossRate: Double = 0
    /// The devices of `device.trace`: their speeds (and links, when traced) replace the distributions'.
    public var deviceTrace: DeviceTrace? = nil
    /// When each client is online (`availability.trace`), repeating every `availabilityPeriodSeconds`.
    public var availabilityTrace: AvailabilityTrace? = nil
    public var availabilityPeriodSeconds: Double? = nil
}

/// The data and how it is split and corrupted across clients.
public struct DataSpec: Sendable, Equatable {
    public var dataset: String
    public var partition: PartitionSpec
    public var corruptions: [CorruptionSpec]
    /// Fraction of each client's data held out for personalization metrics.
    public var holdout: Double
    /// At most this many training samples per client (`data.samples_per_client`), e.g. to fit a
    /// time budget; nil: all of each client's share.
    public var samplesPerClient: Int? = nil
}

public struct PartitionSpec: Sendable, Equatable {
    public var kind: String
    /// Numeric settings of the partitioner, by name (alpha, shards_per_client, imbalance_ratio, …).
    public var settings: [String: Double]
    public var quantitySkew: String?
}

public struct CorruptionSpec: Sendable, Equatable {
    public var kind: String
    public var settings: [String: [Double]]
}

public struct ModelSpec: Sendable, Equatable {
    public var name: String
    public var width: Double
}

public struct StrategySpec: Sendable, Equatable {
    public var name: String
    /// Numeric options of the strategy, by name (mu, server_lr, beta1, trim_fraction, …).
    public var options: [String: Double]
}

public struct EvaluationSpec: Sendable, Equatable {
    public var every: Int
    public var federated: Bool
    /// At most this many samples of the test set for the global evaluation (`evaluation.test_samples`);
    /// nil: all of it.
    public var testSamples: Int? = nil
    /// The run's headline metric (`evaluation.metric`, one of ``Vocabulary/metrics``): what the
    /// console's last line and the report's `headline` give first. nil: global top-1.
    public var metric: String? = nil
}

public struct CompressionSpec: Sendable, Equatable {
    public var kind: String
    public var fraction: Double?
    public var errorFeedback: Bool

    /// The Federation compression this names; nil for `none`.
    public var compression: Compression? {
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
                        "compression '\(kind)' is unknown; use one of \(Vocabulary.compressions.joined(separator: ", "))"
                    )
                }
            }
            return stages.isEmpty ? nil : try Compression(stages: stages, errorFeedback: errorFeedback)
        }
    }
}

/// How the run's processes secure their traffic.
public struct SecuritySpec: Sendable, Equatable {
    /// The file (from `fedactors keys generate`) with the CurveZMQ secret key every process of the run
    /// holds: the server and the nodes encrypt, dial each other with its public key, and admit only
    /// its holders. Local nodes are given it; `command` and `running` nodes must be started with
    /// `--curve-mesh-key` and a copy of it.
    public var curveMeshKey: String

    public init(curveMeshKey: String) { self.curveMeshKey = curveMeshKey }
}

public struct ReportSpec: Sendable, Equatable {
    public var json: String?
    public var csv: String?
    public var html: String?
}
