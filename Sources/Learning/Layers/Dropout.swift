/// Inverted dropout: in train mode each element is zeroed with probability `rate` and the rest scaled
/// by 1/(1 − rate); in eval mode the identity. The mask comes from the layer's own seeded generator,
/// so a run is reproducible.
public final class Dropout: Layer {
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var kind: String { "dropout" }
    public let rate: Float
    private var rng: Xoshiro
    private let mask = ScratchBuffer()

    public init(shape: [Int], rate: Float, seed: UInt64) throws(LearningError) {
        guard rate >= 0, rate < 1 else {
            throw LearningError(.invalidSetting, "dropout rate \(rate) must be in [0, 1)")
        }
        inputShape = shape
        self.rate = rate
        rng = Xoshiro(seed: seed)
    }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let n = count * inputSize
        mask.reserve(n)
        let keep = 1 / (1 - rate)
        for i in 0..<n {
            let m: Float = training ? (rng.unit() < rate ? 0 : keep) : 1
            mask.pointer[i] = m
            y[i] = x[i] * m
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
        guard let dx else { return }
        for i in 0..<(count * inputSize) { dx[i] = dy[i] * mask.pointer[i] }
    }
}
