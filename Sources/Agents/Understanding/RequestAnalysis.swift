/// What a plain-language request says about the federated system to build.
///
/// Produced by `RequestAnalyzer`. Values the request states are set; values the analyzer filled
/// in from context (a default model for the data, an image dataset for "images") are set too but
/// listed in `assumptions`; essentials that cannot be inferred are nil and listed in `missing`, so
/// a planner asks rather than guesses.
package struct RequestAnalysis: Sendable, Equatable, Codable {
    /// The number of clients, if stated ("15 smartphones", "five hospitals").
    package var clientCount: Int?
    /// What the clients are, if said.
    package var deviceKind: DeviceKind?
    /// Cross-device (many small devices) or cross-silo (a few organizations), if it can be told.
    package var deployment: Deployment?
    /// A `Vocabulary.datasets` name.
    package var dataset: String?
    /// A `Vocabulary.models` name.
    package var model: String?
    /// Width fractions when clients train different-sized models (e.g. [1, 0.5, 0.25]).
    package var modelWidths: [Double]
    /// How success is measured; at least one entry (global top-1 when the request does not say).
    package var metrics: [Metric]
    /// The challenges detected, in `Challenge` order.
    package var challenges: [Challenge]
    /// The phrases that triggered each challenge.
    package var evidence: [ChallengeEvidence]
    /// The fraction of clients taking part in a round, if stated.
    package var participation: Double?
    /// The number of rounds, if stated.
    package var rounds: Int?
    /// The fraction of local data that may be labeled, if stated.
    package var labelBudget: Double?
    /// The differential-privacy ε the request asks for, and its δ when it gives one.
    package var privacyEpsilon: Double? = nil
    package var privacyDelta: Double? = nil
    /// The time a round may take, in seconds, if stated ("each round within 30 seconds",
    /// "a round deadline of 2 minutes").
    package var roundDeadline: Double? = nil
    /// The share of labels that are wrong, as the span each client's share is drawn from: [r, r] for
    /// "20% of the labels are wrong", [0, r] for "up to 40% of the labels" (nil: not stated).
    package var labelNoiseRange: [Double]? = nil
    /// The fraction of clients whose labels are wrong ("a third of the clinics mislabel"), if stated.
    package var labelNoiseClients: Double? = nil
    /// The fraction of invited clients that drop out of a round ("20% of the phones drop out"), if stated.
    package var dropoutRate: Double? = nil
    /// How many times slower the slowest devices are than the fastest ("some are 10 times slower"), if stated.
    package var speedRatio: Double? = nil
    /// The class-incremental tasks a continual request states ("classes arrive in three waves",
    /// "new categories every month for a year"), nil when it states none (the planner's default).
    package var continualTasks: Int? = nil
    /// Essentials the request does not give and the analyzer could not infer.
    package var missing: [MissingInfo]
    /// Values filled in from context rather than stated, in words, for the planner to confirm.
    package var assumptions: [String]

    /// Whether the request is complete enough to plan without asking.
    package var isComplete: Bool { missing.isEmpty }

    /// The questions to ask the user, one per missing essential.
    package var questions: [String] { missing.map(\.question) }
}

/// What kind of participant a client is.
package enum DeviceKind: String, Sendable, Codable, CaseIterable {
    case smartphone, hospital, sensor, camera, organization
}

/// The two usual FL deployments.
package enum Deployment: String, Sendable, Codable, CaseIterable {
    /// Many small, unreliable devices; only some take part per round.
    case crossDevice
    /// A few reliable organizations; usually all take part.
    case crossSilo
}

/// A way of judging the trained system, named as the benchmark file names them.
package enum Metric: String, Sendable, Codable, CaseIterable {
    /// Top-1 accuracy of the global model on a shared test set.
    case globalTop1 = "global_top1"
    /// Mean over clients of each client's own test accuracy.
    case meanClientTop1 = "mean_client_top1"
    /// Mean accuracy over the tasks seen so far (continual learning).
    case meanTaskTop1 = "mean_task_top1"
    /// How much accuracy on earlier tasks dropped (continual learning).
    case forgetting
    /// Bytes sent and received over the run.
    case totalBytes = "total_bytes"
}

/// An essential a request leaves out.
package enum MissingInfo: String, Sendable, Codable, CaseIterable {
    case dataset, clientCount, model

    /// A question a planner can ask the user to fill the gap.
    package var question: String {
        switch self {
        case .dataset: "What data will the clients hold, and what should the model predict?"
        case .clientCount: "How many clients (devices or organizations) will take part?"
        case .model: "Which model should be trained (e.g. a CNN, ResNet-8, a GRU, logistic regression)?"
        }
    }
}

/// A challenge and the request words that revealed it.
package struct ChallengeEvidence: Sendable, Equatable, Codable {
    package var challenge: Challenge
    /// The matched words, lowercased (e.g. "long tail").
    package var phrase: String
}
