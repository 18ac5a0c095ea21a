/// k×k max pooling with stride k over channels-last images `[H, W, C]` → `[H/k, W/k, C]` (floor).
///
/// A window's k·k input pixels are each a contiguous run of C floats, so the inner loops run over
/// channels, four at a time in SIMD registers. The forward keeps, per output, which tap of its window
/// won (0 ..< k·k, row-major; ties go to the first tap); the backward writes every input of every
/// window (dy where it won, else 0) instead of zeroing dx and scattering into it.
public final class MaxPool2D: Layer {
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let size: Int
    public var kind: String { "maxpool" }
    private var winners: [Int32] = []

    public init(input: [Int], size: Int = 2) throws(LearningError) {
        guard input.count == 3, size > 0, input[0] >= size, input[1] >= size else {
            throw LearningError(
                .shapeMismatch, "max pooling \(size)×\(size) needs an [H, W, C] input at least that large; got \(input)"
            )
        }
        inputShape = input
        self.size = size
        outputShape = [input[0] / size, input[1] / size, input[2]]
    }

    /// Calls `body(first input float of the window, first output float)` for every output pixel.
    @inline(__always)
    private func forEachWindow(count: Int, _ body: (_ corner: Int, _ output: Int) -> Void) {
        let (h, w, c) = (inputShape[0], inputShape[1], inputShape[2])
        let (ho, wo) = (outputShape[0], outputShape[1])
        var o = 0
        for n in 0..<count {
            for oh in 0..<ho {
                for ow in 0..<wo {
                    body(((n * h + oh * size) * w + ow * size) * c, o)
                    o += c
                }
            }
        }
    }

    /// Offsets in floats of each tap of a window (row-major) from the window's first input float.
    private var tapOffsets: [Int] {
        (0..<(size * size)).map { t in ((t / size) * inputShape[1] + t % size) * inputShape[2] }
    }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let c = inputShape[2], lanes = c - c % 4
        if winners.count < count * outputSize { winners = [Int32](repeating: 0, count: count * outputSize) }
        tapOffsets.withUnsafeBufferPointer { offsets in
            winners.withUnsafeMutableBufferPointer { wb in
                guard let won = wb.baseAddress else { return }
                forEachWindow(count: count) { corner, o in
                    let first = x + corner
                    // Four channels at a time in registers, then the rest one by one.
                    for ch in stride(from: 0, to: lanes, by: 4) {
                        var best = UnsafeRawPointer(first + ch).loadUnaligned(as: SIMD4<Float>.self)
                        var winner = SIMD4<Int32>(repeating: 0)
                        for t in 1..<offsets.count {
                            let v = UnsafeRawPointer(first + offsets[t] + ch).loadUnaligned(as: SIMD4<Float>.self)
                            let better = v .> best
                            best.replace(with: v, where: better)
                            winner.replace(with: Int32(t), where: better)
                        }
                        UnsafeMutableRawPointer(y + o + ch).storeBytes(of: best, as: SIMD4<Float>.self)
                        UnsafeMutableRawPointer(won + o + ch).storeBytes(of: winner, as: SIMD4<Int32>.self)
                    }
                    for ch in lanes..<c {
                        var best = first[ch], winner: Int32 = 0
                        for t in 1..<offsets.count where first[offsets[t] + ch] > best {
                            best = first[offsets[t] + ch]
                            winner = Int32(t)
                        }
                        y[o + ch] = best
                        won[o + ch] = winner
                    }
                }
            }
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
        let c = inputShape[2], lanes = c - c % 4
        // Rows or columns past the last whole window get no gradient.
        if inputShape[0] % size != 0 || inputShape[1] % size != 0 { dx.update(repeating: 0, count: count * inputSize) }
        tapOffsets.withUnsafeBufferPointer { offsets in
            winners.withUnsafeBufferPointer { wb in
                guard let won = wb.baseAddress else { return }
                forEachWindow(count: count) { corner, o in
                    for ch in stride(from: 0, to: lanes, by: 4) {
                        let g = UnsafeRawPointer(dy + o + ch).loadUnaligned(as: SIMD4<Float>.self)
                        let winner = UnsafeRawPointer(won + o + ch).loadUnaligned(as: SIMD4<Int32>.self)
                        for t in 0..<offsets.count {
                            let routed = SIMD4<Float>(repeating: 0).replacing(with: g, where: winner .== Int32(t))
                            UnsafeMutableRawPointer(dx + corner + offsets[t] + ch).storeBytes(
                                of: routed, as: SIMD4<Float>.self)
                        }
                    }
                    for ch in lanes..<c {
                        for t in 0..<offsets.count {
                            dx[corner + offsets[t] + ch] = won[o + ch] == Int32(t) ? dy[o + ch] : 0
                        }
                    }
                }
            }
        }
    }
}

/// Global average pooling `[H, W, C]` → `[C]`: the mean of every channel.
public final class GlobalAveragePool: Layer {
    public let inputShape: [Int]
    public var outputShape: [Int] { [inputShape[2]] }
    public var kind: String { "gap" }

    public init(input: [Int]) throws(LearningError) {
        guard input.count == 3, input.allSatisfy({ $0 > 0 }) else {
            throw LearningError(.shapeMismatch, "global average pooling needs an [H, W, C] input; got \(input)")
        }
        inputShape = input
    }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let (hw, c) = (inputShape[0] * inputShape[1], inputShape[2])
        let inv = 1 / Float(hw)
        for n in 0..<count {
            let out = y + n * c
            out.update(repeating: 0, count: c)
            for p in 0..<hw { for ch in 0..<c { out[ch] += x[(n * hw + p) * c + ch] } }
            for ch in 0..<c { out[ch] *= inv }
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
        let (hw, c) = (inputShape[0] * inputShape[1], inputShape[2])
        let inv = 1 / Float(hw)
        for n in 0..<count { for p in 0..<hw { for ch in 0..<c { dx[(n * hw + p) * c + ch] = dy[n * c + ch] * inv } } }
    }

    public var forwardFLOPs: Double { Double(inputSize) }
}
