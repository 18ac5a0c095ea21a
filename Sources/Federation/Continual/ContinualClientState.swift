/// One client's side of continual learning, round by round: the samples it trains on (its own
/// samples of the round's task, and replayed ones), what its replay memory holds, and its EWC
/// penalty. A value the trainer keeps across rounds; the Fisher diagonal needs the model, so the
/// state says what to measure (``RoundWork/fisher``) and the trainer hands the result back
/// (``consolidate(fisher:anchor:)``).
///
/// Deterministic: the memory is a function of the client's data, its seed and the current task
/// alone (all of a past task's samples are offered to it when the client first trains on a later
/// task, whether or not it was invited in the past task's rounds: the data arrived at the client all
/// the same), and the replayed draw follows the round's seed.
package struct ContinualClientState: Sendable {
    package let settings: ContinualLearning
    /// The client's training indices by task, in the partition's (seeded) order.
    package let taskIndices: [[Int]]
    /// The replay memory (nil without replay).
    package private(set) var memory: ReplayMemory?
    /// Tasks 0..<offered have been offered to the memory.
    private var offered = 0
    package private(set) var penalty = EWCPenalty()
    /// EWC: the client's model after its last fit, and that fit's task; the task's Fisher diagonal is
    /// measured there once the client moves on (as it would at the end of that fit).
    private var lastLocal: [Float] = []
    private var lastTask: Int?

    /// - Parameters:
    ///   - labels: the labels of the client's dataset (indexed by `trainIndices`).
    ///   - classes: the dataset's class count.
    ///   - seed: the client's own seed (its replay memory's reservoir draws).
    package init(settings: ContinualLearning, labels: [Int32], trainIndices: [Int], classes: Int, seed: UInt64)
        throws(FederationError)
    {
        guard trainIndices.allSatisfy({ labels.indices.contains($0) && (0..<classes).contains(Int(labels[$0])) })
        else {
            throw FederationError(
                .invalidSetting, "a client's sample has a label outside its dataset's \(classes) classes")
        }
        self.settings = settings
        taskIndices = try settings.split(classes: classes).split(trainIndices, labels: labels)
        memory = settings.replay.map { ReplayMemory(capacity: $0.memory, seed: seed) }
    }

    /// What a round's local training does.
    package struct RoundWork: Sendable, Equatable {
        /// The round's task (0-based).
        package var task: Int
        /// The samples to train on: the task's, then the replayed ones (the trainer shuffles them).
        package var indices: [Int]
        /// How many of `indices` are replayed from the memory.
        package var replayed: Int
        /// EWC: a finished task's Fisher diagonal to measure first, at `parameters` on `indices`.
        package var fisher: FisherRequest?
    }

    /// A Fisher diagonal the trainer must measure before it trains.
    package struct FisherRequest: Sendable, Equatable {
        package var parameters: [Float]
        package var indices: [Int]
    }

    /// The work of `round` (1-based), its replayed samples drawn by `seed`: past tasks are offered to
    /// the memory, and a task the client trained on and has now left is handed over for its Fisher.
    package mutating func begin(round: Int, seed: UInt64) -> RoundWork {
        let task = settings.task(ofRound: round)
        while offered < task {
            for index in taskIndices[offered] { memory?.offer(index) }
            offered += 1
        }
        var fisher: FisherRequest? = nil
        if let ewc = settings.ewc, let last = lastTask, last < task, !lastLocal.isEmpty {
            fisher = FisherRequest(parameters: lastLocal, indices: Array(taskIndices[last].prefix(ewc.fisherSamples)))
            lastLocal = []
        }
        let current = taskIndices[task]
        let replay = settings.replay.map { memory?.draw($0.replayed(alongside: current.count), seed: seed) ?? [] } ?? []
        return RoundWork(task: task, indices: current + replay, replayed: replay.count, fisher: fisher)
    }

    /// Adds a finished task's Fisher diagonal to the penalty, anchored at `anchor` (the global model
    /// the client received for its new task).
    package mutating func consolidate(fisher: [Float], anchor: [Float]) {
        penalty.consolidate(fisher: fisher, anchor: anchor)
    }

    /// The EWC penalty's gradient term for local training at `learningRate` (each coefficient
    /// λ·F_i at most 1/η, see ``EWCPenalty/addGradient(to:at:lambda:maximumCoefficient:)``), or nil
    /// when there is none yet.
    package func gradientAdjustment(learningRate: Float) -> GradientAdjustment? {
        guard let ewc = settings.ewc, ewc.lambda > 0, !penalty.isEmpty, learningRate > 0 else { return nil }
        let penalty = penalty
        let cap = 1 / learningRate
        return { gradient, weights in
            penalty.addGradient(to: &gradient, at: weights, lambda: ewc.lambda, maximumCoefficient: cap)
        }
    }

    /// Bookkeeping after a fit of `task` that ended at `local`.
    package mutating func finish(task: Int, local: [Float]) {
        guard settings.ewc != nil else { return }
        lastLocal = local
        lastTask = task
    }
}
