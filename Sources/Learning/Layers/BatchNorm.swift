/// Batch normalisation over the last dimension: channels of `[H, W, C]` images (2-D) or features of
/// `[F]` vectors (1-D). Groups: `weight` (γ), `bias` (β), and the NOT trained `running_mean`,
/// `running_var` (their gradient is zero; ``SupervisedTraining`` restores them after each optimizer
/// step so weight decay cannot touch them; FedBN keeps all four local, by the `bn` prefix).
///
/// Train mode normalises with the batch's statistics and updates the running ones with momentum 0.1
/// (unbiased variance); eval mode uses the running statistics. Backward assumes a train-mode forward.
public final class BatchNorm: Layer {
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var kind: String { "bn" }
    public let channels: Int
    public let epsilon: Float = 1e-5
    public let momentum: Float = 0.1
    private let normalized = ScratchBuffer()
    private var batchMean: [Float]
    private var batchVar: [Float]
    private var inverseStd: [Float]
    private var positions = 0

    public init(shape: [Int]) throws(LearningError) {
        guard let c = shape.last, c > 0, shape.allSatisfy({ $0 > 0 }) else {
            throw LearningError(.shapeMismatch, "batch norm needs a non-empty positive shape; got \(shape)")
        }
        inputShape = shape
        channels = c
        batchMean = [Float](repeating: 0, count: c)
        batchVar = [Float](repeating: 0, count: c)
        inverseStd = [Float](repeating: 0, count: c)
    }

    public var parameterLayout: [(suffix: String, count: Int)] {
        [("weight", channels), ("bias", channels), ("running_mean", channels), ("running_var", channels)]
    }
    public var untrainedSuffixes: [String] { ["running_mean", "running_var"] }

    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro) {
        let parameters = parameters.start(holding: parameterCount)
        parameters.update(repeating: 1, count: channels)
        (parameters + channels).update(repeating: 0, count: 2 * channels)
        (parameters + 3 * channels).update(repeating: 1, count: channels)
    }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let parameters = parameters.start(holding: parameterCount)
        let c = channels
        let rows = count * (inputSize / c)
        positions = rows
        normalized.reserve(rows * c)
        if training {
            for ch in 0..<c { batchMean[ch] = 0; batchVar[ch] = 0 }
            for r in 0..<rows { for ch in 0..<c { batchMean[ch] += x[r * c + ch] } }
            for ch in 0..<c { batchMean[ch] /= Float(rows) }
            for r in 0..<rows { for ch in 0..<c { let d = x[r * c + ch] - batchMean[ch]; batchVar[ch] += d * d } }
            for ch in 0..<c { batchVar[ch] /= Float(rows); inverseStd[ch] = 1 / (batchVar[ch] + epsilon).squareRoot() }
        } else {
            for ch in 0..<c {
                batchMean[ch] = parameters[2 * c + ch];
                inverseStd[ch] = 1 / (parameters[3 * c + ch] + epsilon).squareRoot()
            }
        }
        let xhat = normalized.pointer
        for r in 0..<rows {
            for ch in 0..<c {
                let i = r * c + ch
                xhat[i] = (x[i] - batchMean[ch]) * inverseStd[ch]
                y[i] = parameters[ch] * xhat[i] + parameters[c + ch]
            }
        }
    }

    public func updateRunningStatistics(_ parameters: UnsafeMutableBufferPointer<Float>) {
        let parameters = parameters.start(holding: parameterCount)
        let c = channels
        let unbiased = positions > 1 ? Float(positions) / Float(positions - 1) : 1
        for ch in 0..<c {
            parameters[2 * c + ch] += momentum * (batchMean[ch] - parameters[2 * c + ch])
            parameters[3 * c + ch] += momentum * (batchVar[ch] * unbiased - parameters[3 * c + ch])
        }
    }

    public func backward(
        input x: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeMutableBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>?, count: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeMutableBufferPointer<Float>
    ) {
        let dy = dy.start(holding: count * outputSize)
        let dx = dx?.start(holding: count * inputSize)
        let parameters = parameters.start(holding: parameterCount)
        let gradient = gradient.start(holding: parameterCount)
        let c = channels, rows = count * (inputSize / c)
        let xhat = normalized.pointer
        gradient.update(repeating: 0, count: 4 * c)
        for r in 0..<rows {
            for ch in 0..<c {
                gradient[ch] += dy[r * c + ch] * xhat[r * c + ch]
                gradient[c + ch] += dy[r * c + ch]
            }
        }
        guard let dx else { return }
        // dx = γ·invstd/P · (P·dy − Σdy − x̂·Σ(dy·x̂))
        let p = Float(rows)
        for r in 0..<rows {
            for ch in 0..<c {
                let i = r * c + ch
                dx[i] = parameters[ch] * inverseStd[ch] / p * (p * dy[i] - gradient[c + ch] - xhat[i] * gradient[ch])
            }
        }
    }

    public var forwardFLOPs: Double { 4 * Double(inputSize) }
    public var parameterGradientFLOPs: Double { 2 * Double(inputSize) }
    public var inputGradientFLOPs: Double { 5 * Double(inputSize) }
}
