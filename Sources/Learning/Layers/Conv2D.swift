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

    /// Visits every (output row, kernel row) of the batch with the kernel row's run of taps that fall
    /// inside the image: for stride s and padding p the taps kw ∈ [lo, hi) read input columns
    /// ow·s − p + kw, consecutive pixels, i.e. one contiguous run of (hi − lo)·C floats in both the
    /// columns matrix and the input. `input` is nil when the whole kernel row is in the padding.
    /// Rows, then kernel rows, are visited in order, so col2im adds in the same order as tap by tap.
    @inline(__always)
    private func forEachKernelRow(count: Int, _ body: (_ column: Int, _ input: Int?, _ lo: Int, _ hi: Int) -> Void) {
        let (h, w, c) = (inputShape[0], inputShape[1], inputShape[2])
        let (ho, wo) = (outputShape[0], outputShape[1])
        var row = 0
        for n in 0..<count {
            for oh in 0..<ho {
                for ow in 0..<wo {
                    let iw0 = ow * stride - padding
                    let lo = max(0, -iw0), hi = min(kernel, w - iw0)
                    for kh in 0..<kernel {
                        let ih = oh * stride - padding + kh
                        let column = row * patch + kh * kernel * c
                        if ih >= 0, ih < h, lo < hi { body(column, ((n * h + ih) * w + iw0 + lo) * c, lo, hi) } else { body(column, nil, 0, 0) }
                    }
                    row += 1
                }
            }
        }
    }

    private func im2col(_ x: UnsafePointer<Float>, count: Int, into cols: UnsafeMutablePointer<Float>) {
        let c = inputShape[2], span = kernel * c
        forEachKernelRow(count: count) { column, input, lo, hi in
            let dst = cols + column
            guard let input else { dst.update(repeating: 0, count: span); return }
            if lo > 0 { dst.update(repeating: 0, count: lo * c) }
            (dst + lo * c).update(from: x + input, count: (hi - lo) * c)
            if hi < kernel { (dst + hi * c).update(repeating: 0, count: (kernel - hi) * c) }
        }
    }

    private func col2im(_ cols: UnsafePointer<Float>, count: Int, into dx: UnsafeMutablePointer<Float>) {
        let c = inputShape[2]
        dx.update(repeating: 0, count: count * inputSize)
        forEachKernelRow(count: count) { column, input, lo, hi in
            guard let input else { return }
            let src = cols + column + lo * c, dst = dx + input
            for i in 0..<((hi - lo) * c) { dst[i] += src[i] }
        }
    }

    public var forwardFLOPs: Double { 2 * Double(pixels * filters * patch) }
    public var parameterGradientFLOPs: Double { forwardFLOPs }
    public var inputGradientFLOPs: Double { forwardFLOPs }
}
