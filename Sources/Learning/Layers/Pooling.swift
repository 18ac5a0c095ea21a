/// k×k max pooling with stride k over channels-last images `[H, W, C]` → `[H/k, W/k, C]` (floor).
public final class MaxPool2D: Layer {
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let size: Int
    public var kind: String { "maxpool" }
    private var argmax: [Int32] = []

    public init(input: [Int], size: Int = 2) throws(LearningError) {
        guard input.count == 3, size > 0, input[0] >= size, input[1] >= size else {
            throw LearningError(.shapeMismatch, "max pooling \(size)×\(size) needs an [H, W, C] input at least that large; got \(input)")
        }
        inputShape = input
        self.size = size
        outputShape = [input[0] / size, input[1] / size, input[2]]
    }

    public func forward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int, parameters: UnsafePointer<Float>, training: Bool) {
        let (w, c) = (inputShape[1], inputShape[2])
        let (ho, wo) = (outputShape[0], outputShape[1])
        if argmax.count < count * outputSize { argmax = [Int32](repeating: 0, count: count * outputSize) }
        argmax.withUnsafeMutableBufferPointer { arg in
            var o = 0
            for n in 0..<count {
                for oh in 0..<ho {
                    for ow in 0..<wo {
                        for ch in 0..<c {
                            var best = -Float.infinity, at = 0
                            for kh in 0..<size {
                                for kw in 0..<size {
                                    let i = ((n * inputShape[0] + oh * size + kh) * w + ow * size + kw) * c + ch
                                    if x[i] > best { best = x[i]; at = i }
                                }
                            }
                            y[o] = best
                            arg[o] = Int32(at)
                            o += 1
                        }
                    }
                }
            }
        }
    }

    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, outputGradient dy: UnsafeMutablePointer<Float>,
                         inputGradient dx: UnsafeMutablePointer<Float>?, count: Int, parameters: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        dx.update(repeating: 0, count: count * inputSize)
        argmax.withUnsafeBufferPointer { arg in
            for o in 0..<(count * outputSize) { dx[Int(arg[o])] += dy[o] }
        }
    }
}

/// Global average pooling `[H, W, C]` → `[C]`: the mean of every channel.
public final class GlobalAveragePool: Layer {
    public let inputShape: [Int]
    public var outputShape: [Int] { [inputShape[2]] }
    public var kind: String { "gap" }

    public init(input: [Int]) throws(LearningError) {
        guard input.count == 3, input.allSatisfy({ $0 > 0 }) else { throw LearningError(.shapeMismatch, "global average pooling needs an [H, W, C] input; got \(input)") }
        inputShape = input
    }

    public func forward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int, parameters: UnsafePointer<Float>, training: Bool) {
        let (hw, c) = (inputShape[0] * inputShape[1], inputShape[2])
        let inv = 1 / Float(hw)
        for n in 0..<count {
            let out = y + n * c
            out.update(repeating: 0, count: c)
            for p in 0..<hw { for ch in 0..<c { out[ch] += x[(n * hw + p) * c + ch] } }
            for ch in 0..<c { out[ch] *= inv }
        }
    }

    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, outputGradient dy: UnsafeMutablePointer<Float>,
                         inputGradient dx: UnsafeMutablePointer<Float>?, count: Int, parameters: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        let (hw, c) = (inputShape[0] * inputShape[1], inputShape[2])
        let inv = 1 / Float(hw)
        for n in 0..<count { for p in 0..<hw { for ch in 0..<c { dx[(n * hw + p) * c + ch] = dy[n * c + ch] * inv } } }
    }

    public var forwardFLOPs: Double { Double(inputSize) }
}
