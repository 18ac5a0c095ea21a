/// max(0, x), elementwise, any shape.
public final class ReLU: Layer {
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var kind: String { "relu" }

    public init(shape: [Int]) { inputShape = shape }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        for i in 0..<(count * inputSize) { y[i] = max(0, x[i]) }
    }

    public func backward(
        input x: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeMutableBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>?, count: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeMutableBufferPointer<Float>
    ) {
        let y = y.start(holding: count * outputSize)
        let dy = dy.start(holding: count * outputSize)
        let dx = dx?.start(holding: count * inputSize)
        guard let dx else { return }
        // Both loads unconditional, so this is a select the compiler vectorises, not a branch that
        // mispredicts on half the units.
        for i in 0..<(count * inputSize) {
            let g = dy[i]
            dx[i] = y[i] > 0 ? g : 0
        }
    }
}

/// Reshapes a sample to a vector (`[H, W, C]` → `[H·W·C]`, channels-last order); a copy.
public final class Flatten: Layer {
    public let inputShape: [Int]
    public var outputShape: [Int] { [inputSize] }
    public var kind: String { "flatten" }

    public init(shape: [Int]) { inputShape = shape }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        y.update(from: x, count: count * inputSize)
    }

    public func backward(
        input x: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeMutableBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>?, count: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeMutableBufferPointer<Float>
    ) {
        let dy = dy.start(holding: count * outputSize)
        let dx = dx?.start(holding: count * inputSize)
        dx?.update(from: dy, count: count * inputSize)
    }
}
