/// What ``SupervisedTraining`` and federated clients train: a classifier over one flat parameter
/// vector with named groups, a gradient in the same layout, and batched loss/gradient and evaluation.
///
/// Conformer: ``SequentialNetwork`` (every zoo model). Not thread-safe: one owner at a time.
public protocol TrainableModel: AnyObject {
    /// Every parameter, in group order (see ``parameterGroups``).
    var parameters: [Float] { get set }
    /// Gradient of the last ``lossAndGradient(_:labels:count:)``, laid out like ``parameters``.
    var gradient: [Float] { get }
    /// Named ranges of ``parameters`` (`conv0.weight`, `dense1.bias`, …).
    var parameterGroups: [(name: String, range: Range<Int>)] { get }
    /// Ranges of ``parameters`` that are state, not trained (running statistics): zero gradient, and
    /// training restores them after each optimizer step.
    var untrainedRanges: [Range<Int>] { get }
    /// Floats one input sample has.
    var inputCount: Int { get }
    /// Number of classes the model predicts.
    var classCount: Int { get }
    /// Multiply-adds ×2 of one forward pass of one sample.
    var forwardFLOPsPerSample: Double { get }
    /// FLOPs of one training step per sample (forward, parameter and input gradients).
    var trainingFLOPsPerSample: Double { get }
    /// Train mode (dropout active) or eval mode.
    var isTraining: Bool { get set }
    /// Mean softmax cross-entropy of a batch (`count` × ``inputCount`` row-major) and its gradient.
    @discardableResult
    func lossAndGradient(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> Double
    /// Correct predictions and summed cross-entropy of a batch, in eval mode.
    func evaluate(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> (
        correct: Int, lossSum: Double
    )
    /// The cross-entropy of each sample of a batch, in eval mode (the small-loss filter ranks by it).
    func sampleLosses(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> [Double]
}

extension TrainableModel {
    /// Length of ``parameters``.
    public var parameterCount: Int { parameters.count }

    /// Each sample evaluated alone: correct for any model, one forward pass per sample.
    public func sampleLosses(_ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int) -> [Double] {
        (0..<count).map { evaluate(input + $0 * inputCount, labels: labels + $0, count: 1).lossSum }
    }
}
