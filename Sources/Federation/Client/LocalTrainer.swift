/// The outcome of local training.
public struct LocalFit: Sendable {
    public var parameters: [Float]
    public var trainLoss: Double
    public var steps: Int
    public var flops: Double
    public var controlVariateDelta: [Float]?
    /// FedPer / FedBN: the coordinates kept local (see `ClientExtras`).
    public var personalRanges: [Range<Int>]?
    public init(
        parameters: [Float], trainLoss: Double, steps: Int, flops: Double, controlVariateDelta: [Float]? = nil,
        personalRanges: [Range<Int>]? = nil
    ) {
        self.personalRanges = personalRanges
        self.parameters = parameters
        self.trainLoss = trainLoss
        self.steps = steps
        self.flops = flops
        self.controlVariateDelta = controlVariateDelta
    }
}

/// The outcome of evaluating parameters on some data.
public struct LocalEvaluation: Sendable, Equatable {
    public var loss: Double
    public var accuracy: Double
    public var sampleCount: Int
    public init(loss: Double, accuracy: Double, sampleCount: Int) {
        self.loss = loss
        self.accuracy = accuracy
        self.sampleCount = sampleCount
    }
}

/// A zoo model as a client reports it: enough to rebuild its layout (HeteroFL's index maps).
public struct ModelDescription: Codable, Sendable, Equatable {
    /// The zoo name (`cnn`, `2nn`, …).
    public var name: String
    /// The width multiplier the model was built at.
    public var width: Double
    /// The data's sample shape and class count.
    public var sampleShape: [Int]
    public var classes: Int
    public init(name: String, width: Double, sampleShape: [Int], classes: Int) {
        self.name = name
        self.width = width
        self.sampleShape = sampleShape
        self.classes = classes
    }
}

/// What a client (or the server's evaluator) does with its own data: train from given parameters,
/// and evaluate parameters. Owned by one actor; not shared between threads.
public protocol LocalTrainer: AnyObject {
    /// Length of the flat parameter vector.
    var parameterCount: Int { get }
    /// Number of local training samples.
    var sampleCount: Int { get }
    /// The named groups of the parameter vector, in order (FedPer and FedBN pick personal groups by
    /// name). Trainers without layers (test objectives) return none.
    var parameterGroups: [ParameterGroup] { get }
    /// Which zoo model this trainer trains, if it is one (nil: a test objective or unknown).
    var modelDescription: ModelDescription? { get }
    /// What one sample costs: forward FLOPs, and forward + backward FLOPs of a training step
    /// (nil: unknown, e.g. a test objective). Budgets, such as the agents' trial, size work by it.
    var sampleFLOPs: SampleFLOPs? { get }
    /// Trains from `parameters` following `plan` and `hooks`.
    func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit
    /// Loss and accuracy of `parameters` on the local evaluation data.
    func evaluate(_ parameters: [Float]) throws -> LocalEvaluation
}

extension LocalTrainer {
    /// No named groups: every coordinate is shared.
    public var parameterGroups: [ParameterGroup] { [] }

    /// Not a zoo model.
    public var modelDescription: ModelDescription? { nil }

    /// Unknown.
    public var sampleFLOPs: SampleFLOPs? { nil }
}

/// The FLOPs one sample costs a model.
public struct SampleFLOPs: Sendable, Equatable {
    public var forward: Double
    public var training: Double
    public init(forward: Double, training: Double) {
        self.forward = forward
        self.training = training
    }
}
