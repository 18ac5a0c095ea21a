/// A 2-D convolution over channels-last images `[H, W, C]` → `[Ho, Wo, F]`, run as im2col + one sgemm
/// per batch: the columns matrix has one row per output pixel of the batch and k·k·C columns.
///
/// Weights are stored F × (k, k, C) row-major, then F biases (none when `usesBias` is false: a conv
/// followed by batch norm, whose shift makes a bias redundant). `padding` zero-pads every side;
/// Ho = (H + 2·padding − k) / stride + 1. 'same' for odd k and stride 1 is padding (k − 1) / 2.
public final class Conv2D: Layer {
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let filters: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    public let usesBias: Bool
    public var kind: String { "conv" }
    private let columns = ScratchBuffer()

    /// - Parameter input: `[H, W, C]`.
    public init(input: [Int], filters: Int, kernel: Int, stride: Int = 1, padding: Int = 0, usesBias: Bool = true) throws(LearningError) {
        guard input.count == 3, input.allSatisfy({ $0 > 0 }), filters > 0, kernel > 0, stride > 0, padding >= 0,
              input[0] + 2 * padding >= kernel, input[1] + 2 * padding >= kernel else {
            throw LearningError(.shapeMismatch, "a conv layer needs an [H, W, C] input at least as large as its \(kernel)×\(kernel) kernel; got \(input), padding \(padding)")
        }
        inputShape = input
        self.filters = filters
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.usesBias = usesBias
        outputShape = [(input[0] + 2 * padding - kernel) / stride + 1, (input[1] + 2 * padding - kernel) / stride + 1, filters]
    }

    private var patch: Int { kernel * kernel * inputShape[2] }
    private var pixels: Int { outputShape[0] * outputShape[1] }

    public var parameterLayout: [(suffix: String, count: Int)] {
        usesBias ? [("weight", filters * patch), ("bias", filters)] : [("weight", filters * patch)]
    }

    public func initialize(_ parameters: UnsafeMutablePointer<Float>, rng: inout Xoshiro) {
        heNormal(parameters, count: filters * patch, fanIn: patch, rng: &rng)
        if usesBias { (parameters + filters * patch).update(repeating: 0, count: filters) }
    }

    public func forward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int, parameters: UnsafePointer<Float>, training: Bool) {
        let rows = count * pixels
        columns.reserve(rows * patch)
        im2col(x, count: count, into: columns.pointer)
        if usesBias { broadcastRows(parameters + filters * patch, rows: rows, columns: filters, into: y) }
        // y[rows, F] (+)= cols[rows, patch] · Wᵀ
        BLAS.gemm(transposeB: true, m: rows, n: filters, k: patch, columns.pointer, lda: patch, parameters, ldb: patch, beta: usesBias ? 1 : 0, y, ldc: filters)
    }

    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, outputGradient dy: UnsafeMutablePointer<Float>,
                         inputGradient dx: UnsafeMutablePointer<Float>?, count: Int, parameters: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>) {
        let rows = count * pixels
        // dW[F, patch] = dyᵀ · cols ; db = column sums of dy
        BLAS.gemm(transposeA: true, m: filters, n: patch, k: rows, dy, lda: filters, columns.pointer, ldb: patch, gradient, ldc: patch)
        if usesBias { columnSums(dy, rows: rows, columns: filters, into: gradient + filters * patch) }
        guard let dx else { return }
        // dcols = dy · W, reusing the columns buffer (forward's columns are no longer needed), then col2im.
        BLAS.gemm(m: rows, n: patch, k: filters, dy, lda: filters, parameters, ldb: patch, columns.pointer, ldc: patch)
        col2im(columns.pointer, count: count, into: dx)
    }

    /// Visits every (output row, kernel tap, input offset or nil when in the padding).
    @inline(__always)
    private func forEachTap(count: Int, _ body: (_ column: Int, _ input: Int?) -> Void) {
        let (h, w, c) = (inputShape[0], inputShape[1], inputShape[2])
        let (ho, wo) = (outputShape[0], outputShape[1])
        var row = 0
        for n in 0..<count {
            for oh in 0..<ho {
                for ow in 0..<wo {
                    let base = row * patch
                    for kh in 0..<kernel {
                        let ih = oh * stride - padding + kh
                        for kw in 0..<kernel {
                            let iw = ow * stride - padding + kw
                            let column = base + (kh * kernel + kw) * c
                            if ih >= 0, ih < h, iw >= 0, iw < w { body(column, ((n * h + ih) * w + iw) * c) } else { body(column, nil) }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    private func im2col(_ x: UnsafePointer<Float>, count: Int, into cols: UnsafeMutablePointer<Float>) {
        let c = inputShape[2]
        forEachTap(count: count) { column, input in
            if let input { (cols + column).update(from: x + input, count: c) } else { (cols + column).update(repeating: 0, count: c) }
        }
    }

    private func col2im(_ cols: UnsafePointer<Float>, count: Int, into dx: UnsafeMutablePointer<Float>) {
        let c = inputShape[2]
        dx.update(repeating: 0, count: count * inputSize)
        forEachTap(count: count) { column, input in
            guard let input else { return }
            for i in 0..<c { dx[input + i] += cols[column + i] }
        }
    }

    public var forwardFLOPs: Double { 2 * Double(pixels * filters * patch) }
    public var parameterGradientFLOPs: Double { forwardFLOPs }
    public var inputGradientFLOPs: Double { forwardFLOPs }
}
