/// How a client trains locally in one round.
public struct LocalPlan: Codable, Sendable, Equatable {
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    /// Seed of the client's shuffling and dropout this round.
    public var seed: UInt64

    public init(
        epochs: Int = 1, batchSize: Int = 32, learningRate: Float = 0.05, momentum: Float = 0, weightDecay: Float = 0,
        seed: UInt64 = 0
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.seed = seed
    }

    package func validated() throws(FederationError) -> LocalPlan {
        guard epochs >= 1 else {
            throw FederationError(.invalidSetting, "local epochs is \(epochs); it must be at least 1")
        }
        guard batchSize >= 1 else {
            throw FederationError(.invalidSetting, "batch size is \(batchSize); it must be at least 1")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw FederationError(.invalidSetting, "learning rate is \(learningRate); it must be a positive number")
        }
        guard (0..<1).contains(momentum) else {
            throw FederationError(.invalidSetting, "momentum is \(momentum); it must be in [0, 1)")
        }
        guard weightDecay >= 0 else {
            throw FederationError(.invalidSetting, "weight decay is \(weightDecay); it must not be negative")
        }
        return self
    }
}

/// Extra terms some algorithms add to a client's local objective or gradient.
public struct ClientHooks: Codable, Sendable, Equatable {
    /// FedProx: add μ/2·‖w − w_global‖² to the loss (μ·(w − w_global) to the gradient).
    public var proximalMu: Float?
    /// SCAFFOLD: the server's control variate c; the client corrects its gradient by c − c_i.
    public var controlVariate: [Float]?
    /// FedDyn: α of the dynamic regularizer.
    public var dynamicAlpha: Float?
    /// FedPer / FedBN: the parameter groups the client keeps local across rounds.
    public var personalGroups: PersonalGroups?
    /// MOON: μ and τ of the model-contrastive term (`ModelContrastiveLoss`).
    public var contrastive: ContrastiveSettings?
    /// The round these hooks are for, as the client read it from its instructions (schedules such
    /// as the small-loss filter's ramp follow it); nil: not known (round 1 is assumed).
    public var round: Int?

    public init(
        proximalMu: Float? = nil, controlVariate: [Float]? = nil, dynamicAlpha: Float? = nil,
        personalGroups: PersonalGroups? = nil,
        contrastive: ContrastiveSettings? = nil
    ) {
        self.contrastive = contrastive
        self.proximalMu = proximalMu
        self.controlVariate = controlVariate
        self.dynamicAlpha = dynamicAlpha
        self.personalGroups = personalGroups
    }
}

/// What the server sends a client for `fit`.
public struct FitInstructions: Codable, Sendable {
    public var round: Int
    /// The global parameters (flat).
    public var parameters: [Float]
    public var plan: LocalPlan
    public var hooks: ClientHooks
    /// How to compress the update sent back (nil: the full parameters, uncompressed).
    public var compression: Compression?
    /// Real-time mode: how long the client must take (``RealTimePacing``). nil: answer as fast as possible.
    public var pacing: RealTimePacing?

    public init(
        round: Int, parameters: [Float], plan: LocalPlan, hooks: ClientHooks = ClientHooks(),
        compression: Compression? = nil,
        pacing: RealTimePacing? = nil
    ) {
        self.pacing = pacing
        self.round = round
        self.parameters = parameters
        self.plan = plan
        self.hooks = hooks
        self.compression = compression
    }
}

/// What a client returns from `fit`.
public struct FitResult: Codable, Sendable, Equatable {
    public var clientID: Int
    /// The client's parameters after local training (flat, same length as the global ones). On the wire
    /// this is empty when the update travels compressed in `encodedUpdate`; the server restores it.
    public var parameters: [Float]
    public var sampleCount: Int
    /// Mean training loss over the client's local steps.
    public var trainLoss: Double
    /// Local optimizer steps taken (FedNova normalizes by it).
    public var localSteps: Int
    /// Floating-point operations of the local training (drives virtual compute time).
    public var flops: Double
    /// Real seconds the local training took on this machine.
    public var computeSeconds: Double
    /// SCAFFOLD: the change of the client's control variate, c_i⁺ − c_i.
    public var controlVariateDelta: [Float]?
    /// FedPer / FedBN: the coordinates the client keeps local; the server keeps the global values there.
    public var personalRanges: [Range<Int>]?
    /// The compressed delta (local − global) when the server asked for compression.
    public var encodedUpdate: EncodedUpdate?
    /// Rounds between the model the client trained from and the round whose aggregation receives this
    /// result: 0 for a result of this round; more for a straggler's late update, which only an
    /// asynchronous strategy (``Strategy/maxStaleness``) receives. The server delivers a late update as
    /// the current global model plus the client's own change (local − the model it was sent), so
    /// `parameters − global` is that change whatever the staleness.
    public var staleness: Int

    public init(
        clientID: Int, parameters: [Float], sampleCount: Int, trainLoss: Double, localSteps: Int, flops: Double,
        computeSeconds: Double, controlVariateDelta: [Float]? = nil, personalRanges: [Range<Int>]? = nil,
        encodedUpdate: EncodedUpdate? = nil, staleness: Int = 0
    ) {
        self.staleness = staleness
        self.encodedUpdate = encodedUpdate
        self.personalRanges = personalRanges
        self.clientID = clientID
        self.parameters = parameters
        self.sampleCount = sampleCount
        self.trainLoss = trainLoss
        self.localSteps = localSteps
        self.flops = flops
        self.computeSeconds = computeSeconds
        self.controlVariateDelta = controlVariateDelta
    }
}

/// What a client returns from `evaluate`.
public struct EvaluateResult: Codable, Sendable, Equatable {
    public var clientID: Int
    public var sampleCount: Int
    public var loss: Double
    public var accuracy: Double
    public init(clientID: Int, sampleCount: Int, loss: Double, accuracy: Double) {
        self.clientID = clientID
        self.sampleCount = sampleCount
        self.loss = loss
        self.accuracy = accuracy
    }
}
