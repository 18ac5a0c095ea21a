/// k×k average pooling with stride s over channels-last images `[H, W, C]` → `[Ho, Wo, C]`, no
/// padding: Ho = (H − k) / s + 1 (floor). Windows overlap when s < k; every window averages k·k
/// inputs, so backward spreads dL/dy / k² over each window's inputs and sums where windows overlap.
public final class AvgPool2D: Layer {
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let size: Int
    public let stride: Int
    public var kind: String { "avgpool" }

    /// - Parameters:
    ///   - input: `[H, W, C]`, at least `size` high and wide.
    ///   - size: the window's side k.
    ///   - stride: the step between windows; nil means `size` (non-overlapping windows).
    public init(input: [Int], size: Int = 2, stride: Int? = nil) throws(LearningError) {
        let stride = stride ?? size
        guard input.count == 3, input.allSatisfy({ $0 > 0 }), size > 0, stride > 0, input[0] >= size, input[1] >= size
        else {
            throw LearningError(
                .shapeMismatch,
                """
                average pooling \(size)×\(size) (stride \(stride)) needs an [H, W, C] input at least that large and a \
                positive stride; got \(input)
                """
            )
        }
        inputShape = input
        self.size = size
        self.stride = stride
        outputShape = [(input[0] - size) / stride + 1, (input[1] - size) / stride + 1, input[2]]
    }

    /// Visits every (output offset, input offset of one of its window's pixels at channel 0).
    @inline(__always)
    private func forEachWindowTap(count: Int, _ body: (_ output: Int, _ input: Int) -> Void) {
        let (h, w, c) = (inputShape[0], inputShape[1], inputShape[2])
        let (ho, wo) = (outputShape[0], outputShape[1])
        for n in 0..<count {
            for oh in 0..<ho {
                for ow in 0..<wo {
                    let output = ((n * ho + oh) * wo + ow) * c
                    for kh in 0..<size {
                        for kw in 0..<size { body(output, ((n * h + oh * stride + kh) * w + ow * stride + kw) * c) }
                    }
                }
            }
        }
    }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let c = inputShape[2]
        let inv = 1 / Float(size * size)
        y.update(repeating: 0, count: count * outputSize)
        forEachWindowTap(count: count) { output, input in
            for ch in 0..<c { y[output + ch] += x[input + ch] }
        }
        for i in 0..<(count * outputSize) { y[i] *= inv }
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
        let c = inputShape[2]
        let inv = 1 / Float(size * size)
        dx.update(repeating: 0, count: count * inputSize)
        forEachWindowTap(count: count) { output, input in
            for ch in 0..<c { dx[input + ch] += dy[output + ch] * inv }
        }
    }

    /// One add per window input and one scale per output.
    public var forwardFLOPs: Double { Double(outputSize * (size * size + 1)) }
    public var inputGradientFLOPs: Double { Double(outputSize * size * size * 2) }
}
