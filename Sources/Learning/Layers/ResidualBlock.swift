/// A ResNet basic block (He et al., "Deep Residual Learning for Image Recognition", 2016) over
/// channels-last images `[H, W, C]` → `[Ho, Wo, F]`:
///
///     y = ReLU( BN(conv3×3(ReLU(BN(conv3×3/s(x))))) + shortcut(x) )
///
/// The first conv has stride s; both pad by 1, so Ho = (H − 1) / s + 1. The shortcut is the identity
/// when the block keeps the shape (s = 1, F = C), otherwise a projection: a 1×1 stride-s conv and its
/// own BN. Convs have no bias (the BN's shift replaces it).
///
/// Its parameter slice holds the sub-layers' slices in the order conv, bn, conv, bn[, conv, bn]
/// (main branch, then projection); ``parameterParts`` lists them so a network names the groups
/// `conv<i>.weight`, `bn<i>.weight`, `bn<i>.running_mean`, … like top-level layers' (FedBN keeps the
/// `bn` groups local). Backward assumes a train-mode forward, as ``BatchNorm``'s does.
public final class ResidualBlock: Layer {
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let filters: Int
    public let stride: Int
    public var kind: String { "res" }
    /// Whether the shortcut is a 1×1 conv + BN projection (else the identity).
    public var projects: Bool { shortcut != nil }
    private let main: LayerChain
    private let shortcut: LayerChain?
    private let branchGradient = ScratchBuffer()
    private let shortcutInputGradient = ScratchBuffer()

    /// - Parameters:
    ///   - input: `[H, W, C]`.
    ///   - filters: F, the output channels.
    ///   - stride: s of the first conv and of the projection.
    public init(input: [Int], filters: Int, stride: Int = 1) throws(LearningError) {
        guard input.count == 3, input.allSatisfy({ $0 > 0 }), filters > 0, stride > 0 else {
            throw LearningError(
                .shapeMismatch,
                """
                a residual block needs an [H, W, C] input, positive filters and stride; got \(input), \(filters) \
                filters, stride \(stride)
                """
            )
        }
        let conv1 = try Conv2D(input: input, filters: filters, kernel: 3, stride: stride, padding: 1, usesBias: false)
        let bn1 = try BatchNorm(shape: conv1.outputShape)
        let conv2 = try Conv2D(input: conv1.outputShape, filters: filters, kernel: 3, padding: 1, usesBias: false)
        let bn2 = try BatchNorm(shape: conv2.outputShape)
        main = LayerChain([conv1, bn1, ReLU(shape: conv1.outputShape), conv2, bn2])
        if stride != 1 || input[2] != filters {
            let projection = try Conv2D(input: input, filters: filters, kernel: 1, stride: stride, usesBias: false)
            shortcut = LayerChain([projection, try BatchNorm(shape: projection.outputShape)])
        } else {
            shortcut = nil
        }
        inputShape = input
        outputShape = conv2.outputShape
        self.filters = filters
        self.stride = stride
    }

    /// The sub-layers in storage order: the main branch, then the projection's (empty for the identity).
    var branches: (main: [any Layer], shortcut: [any Layer]) { (main.layers, shortcut?.layers ?? []) }

    public var parameterParts: [ParameterPart] { main.parameterParts + (shortcut?.parameterParts ?? []) }

    /// The sub-layers' groups back to back; ``parameterParts`` names them.
    public var parameterLayout: [(suffix: String, count: Int)] { parameterParts.flatMap(\.layout) }

    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro) {
        let parameters = parameters.start(holding: parameterCount)
        main.initialize(parameters, rng: &rng)
        shortcut?.initialize(parameters + main.parameterCount, rng: &rng)
    }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let parameters = parameters.start(holding: parameterCount)
        let branch = main.forward(x, count: count, parameters: parameters, training: training)
        let skip =
            shortcut.map {
                UnsafePointer(
                    $0.forward(x, count: count, parameters: parameters + main.parameterCount, training: training))
            } ?? x
        for i in 0..<(count * outputSize) { y[i] = max(0, branch[i] + skip[i]) }
    }

    public func backward(
        input x: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeMutableBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>?, count: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeMutableBufferPointer<Float>
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let dy = dy.start(holding: count * outputSize)
        let dx = dx?.start(holding: count * inputSize)
        let parameters = parameters.start(holding: parameterCount)
        let gradient = gradient.start(holding: parameterCount)
        let n = count * outputSize
        // Through the final ReLU; dy then serves the shortcut, a copy the main branch (each may overwrite its own).
        for i in 0..<n where y[i] <= 0 { dy[i] = 0 }
        branchGradient.reserve(n)
        branchGradient.pointer.update(from: dy, count: n)
        main.backward(
            input: x, outputGradient: branchGradient.pointer, inputGradient: dx, count: count, parameters: parameters,
            gradient: gradient)
        if let shortcut {
            let offset = main.parameterCount
            guard let dx else {
                shortcut.backward(
                    input: x, outputGradient: dy, inputGradient: nil, count: count, parameters: parameters + offset,
                    gradient: gradient + offset)
                return
            }
            shortcutInputGradient.reserve(count * inputSize)
            shortcut.backward(
                input: x, outputGradient: dy, inputGradient: shortcutInputGradient.pointer, count: count,
                parameters: parameters + offset, gradient: gradient + offset)
            BLAS.axpy(count * inputSize, alpha: 1, shortcutInputGradient.pointer, dx)
        } else if let dx {
            BLAS.axpy(n, alpha: 1, dy, dx)
        }
    }

    public func updateRunningStatistics(_ parameters: UnsafeMutableBufferPointer<Float>) {
        let parameters = parameters.start(holding: parameterCount)
        main.updateRunningStatistics(parameters)
        shortcut?.updateRunningStatistics(parameters + main.parameterCount)
    }

    /// The branches' FLOPs plus one add per output (ReLUs are not counted, as elsewhere).
    public var forwardFLOPs: Double { main.forwardFLOPs + (shortcut?.forwardFLOPs ?? 0) + Double(outputSize) }
    public var parameterGradientFLOPs: Double { main.parameterGradientFLOPs + (shortcut?.parameterGradientFLOPs ?? 0) }
    /// The branches' input gradients plus one add per input (summing them).
    public var inputGradientFLOPs: Double {
        main.inputGradientFLOPs + (shortcut?.inputGradientFLOPs ?? 0) + Double(inputSize)
    }
}
