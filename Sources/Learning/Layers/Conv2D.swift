/// A 2-D convolution over channels-last images `[H, W, C]` → `[Ho, Wo, F]`, run as im2col + sgemm:
/// the columns matrix has one row per output pixel of the batch and k·k·C columns.
///
/// The batch goes through in chunks of a few samples whose columns fit in a core's L2 cache: each
/// chunk's im2col is multiplied while it is still in cache, and backward's column gradients are
/// folded back (col2im) chunk by chunk from a small buffer. When the whole batch's columns are
/// small (up to 4 MB: the Fashion-MNIST CNN's first conv at batch 32), a training forward keeps them
/// and the weight gradient is one sgemm over them. Larger ones (that CNN's second conv: 20 MB for a
/// batch of 32; the CIFAR-sized CNN's first conv and ResNet-8's convs at usual batch sizes) are not
/// kept: backward builds each chunk's columns again from `x` into the same cache-sized buffer and
/// adds that chunk's share of the weight gradient, so `x` must be unchanged since the forward. Rebuilding costs an
/// im2col; keeping cost a 20 MB write in
/// forward and a read of it from main memory when OpenBLAS packed it in backward. (LearningBench
/// --layers, second conv, batch 32, Zen 5 with AVX-512 kernels: forward 4.35 → 3.71 ms, backward
/// 7.67 → 7.21 ms; the CNN as a whole went from 51–59% to 60–66% of the sgemm ceiling.)
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
    /// How ``initialize(_:rng:)`` draws the weights and biases.
    package let initialization: WeightInitialization
    public var kind: String { "conv" }
    private let columns = ScratchBuffer()
    private let columnGradients = ScratchBuffer()

    /// - Parameters:
    ///   - input: `[H, W, C]`.
    ///   - filters: output channels.
    ///   - kernel: the side of the square kernel.
    ///   - stride: the step between kernel positions, both ways.
    ///   - padding: zeros added on every side of the input.
    ///   - usesBias: whether each filter adds a learned bias.
    public convenience init(
        input: [Int], filters: Int, kernel: Int, stride: Int = 1, padding: Int = 0, usesBias: Bool = true
    ) throws(LearningError) {
        try self.init(
            input: input, filters: filters, kernel: kernel, stride: stride, padding: padding, usesBias: usesBias,
            initialization: .heNormal)
    }

    /// A conv layer whose first parameters are drawn as `initialization` says.
    package init(
        input: [Int], filters: Int, kernel: Int, stride: Int = 1, padding: Int = 0, usesBias: Bool = true,
        initialization: WeightInitialization
    ) throws(LearningError) {
        let limit = LayerSize.maxElements
        guard input.count == 3, input.allSatisfy({ $0 > 0 && $0 <= limit }), filters > 0, kernel > 0, kernel <= limit,
            stride > 0,
            (0...limit).contains(padding), input[0] + 2 * padding >= kernel, input[1] + 2 * padding >= kernel
        else {
            throw LearningError(
                .shapeMismatch,
                """
                a conv layer needs an [H, W, C] input at least as large as its \(kernel)×\(kernel) kernel; got \
                \(input), padding \(padding)
                """
            )
        }
        let outputShape = [
            (input[0] + 2 * padding - kernel) / stride + 1, (input[1] + 2 * padding - kernel) / stride + 1, filters,
        ]
        // Every size forward and backward multiply must fit one BLAS call.
        _ = try LayerSize.product(input, of: "a conv layer's input")
        let pixels = try LayerSize.product([outputShape[0], outputShape[1]], of: "a conv layer's output")
        _ = try LayerSize.product(outputShape, of: "a conv layer's output")
        let patch = try LayerSize.product([kernel, kernel, input[2]], of: "a conv layer's patch")
        _ = try LayerSize.product([pixels, patch], of: "a conv layer's columns")
        _ = try LayerSize.product([filters, patch], of: "a conv layer's weights")
        inputShape = input
        self.filters = filters
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.usesBias = usesBias
        self.initialization = initialization
        self.outputShape = outputShape
    }

    private var patch: Int { kernel * kernel * inputShape[2] }
    private var pixels: Int { outputShape[0] * outputShape[1] }

    public var parameterLayout: [(suffix: String, count: Int)] {
        usesBias ? [("weight", filters * patch), ("bias", filters)] : [("weight", filters * patch)]
    }

    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro) {
        let parameters = parameters.start(holding: parameterCount)
        initialization.fill(
            weights: parameters, count: filters * patch, biases: usesBias ? parameters + filters * patch : nil,
            biasCount: filters, fanIn: patch, rng: &rng)
    }

    /// Samples per chunk: about 160 K floats (640 KB) of columns, at least one sample.
    private var chunkSamples: Int { max(1, 160_000 / max(1, pixels * patch)) }

    /// A training forward keeps the whole batch's columns for backward when they are at most this
    /// many floats (default 4 MB); larger ones are built again, chunk by chunk, in backward. Tests set
    /// it to 0 to run the rebuilding path on small shapes.
    var keptColumnsLimit = 1 << 20
    /// The batch size whose columns the last forward kept; 0 when it kept none.
    private var keptSamples = 0

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let parameters = parameters.start(holding: parameterCount)
        let perSample = pixels * patch
        let keeps = training && count * perSample <= keptColumnsLimit
        let chunk = min(chunkSamples, count)
        columns.reserve((keeps ? count : chunk) * perSample)
        keptSamples = keeps ? count : 0
        if usesBias { broadcastRows(parameters + filters * patch, rows: count * pixels, columns: filters, into: y) }
        var start = 0
        while start < count {
            let n = min(chunk, count - start)
            let cols = columns.pointer + (keeps ? start * perSample : 0)
            im2col(x + start * inputSize, count: n, into: cols)
            // y[rows, F] (+)= cols[rows, patch] · Wᵀ
            BLAS.gemm(
                transposeB: true, m: n * pixels, n: filters, k: patch, cols, lda: patch, parameters, ldb: patch,
                beta: usesBias ? 1 : 0, y + start * pixels * filters, ldc: filters)
            start += n
        }
    }

    public func backward(
        input x: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeMutableBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>?, count: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeMutableBufferPointer<Float>
    ) {
        let x = x.start(holding: count * inputSize)
        let dy = dy.start(holding: count * outputSize)
        let dx = dx?.start(holding: count * inputSize)
        let parameters = parameters.start(holding: parameterCount)
        let gradient = gradient.start(holding: parameterCount)
        let perSample = pixels * patch
        guard count > 0 else { gradient.update(repeating: 0, count: parameterCount); return }
        let kept = keptSamples == count
        // Rebuilding below overwrites the columns buffer: whatever forward kept is gone.
        if !kept { keptSamples = 0 }
        // db = column sums of dy
        if usesBias { columnSums(dy, rows: count * pixels, columns: filters, into: gradient + filters * patch) }
        // dW[F, patch] = dyᵀ · cols: one sgemm over kept columns, else summed over the chunks below.
        if kept {
            BLAS.gemm(
                transposeA: true, m: filters, n: patch, k: count * pixels, dy, lda: filters, columns.pointer,
                ldb: patch, gradient, ldc: patch)
            guard dx != nil else { return }
        }
        let chunk = min(chunkSamples, count)
        columns.reserve(chunk * perSample)
        if dx != nil { columnGradients.reserve(chunk * perSample) }
        var start = 0
        while start < count {
            let n = min(chunk, count - start)
            let dyChunk = dy + start * pixels * filters
            if !kept {
                // The chunk's columns again, into the cache-sized buffer forward used.
                im2col(x + start * inputSize, count: n, into: columns.pointer)
                BLAS.gemm(
                    transposeA: true, m: filters, n: patch, k: n * pixels, dyChunk, lda: filters, columns.pointer,
                    ldb: patch,
                    beta: start == 0 ? 0 : 1, gradient, ldc: patch)
            }
            if let dx {
                // dcols = dy · W, folded back (col2im) while it is hot.
                BLAS.gemm(
                    m: n * pixels, n: patch, k: filters, dyChunk, lda: filters, parameters, ldb: patch,
                    columnGradients.pointer, ldc: patch)
                col2im(columnGradients.pointer, count: n, into: dx + start * inputSize)
            }
            start += n
        }
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
        let (patch, rowFloats) = (patch, kernel &* c)
        // Wrapping arithmetic: every index is below the columns' or the input's size, and overflow
        // checks on each made this loop nest cost as much as the copying it drives.
        var column = 0
        for n in 0..<count {
            for oh in 0..<ho {
                let ih0 = oh &* stride &- padding
                for ow in 0..<wo {
                    let iw0 = ow &* stride &- padding
                    let lo = max(0, 0 &- iw0), hi = min(kernel, w &- iw0)
                    var at = column
                    for kh in 0..<kernel {
                        let ih = ih0 &+ kh
                        if ih >= 0, ih < h, lo < hi {
                            body(at, ((n &* h &+ ih) &* w &+ iw0 &+ lo) &* c, lo, hi)
                        } else {
                            body(at, nil, 0, 0)
                        }
                        at &+= rowFloats
                    }
                    column &+= patch
                }
            }
        }
    }

    private func im2col(_ x: UnsafePointer<Float>, count: Int, into cols: UnsafeMutablePointer<Float>) {
        let c = inputShape[2], span = kernel * c
        forEachKernelRow(count: count) { column, input, lo, hi in
            let dst = cols + column
            guard let input else { Self.fill(dst, span, from: nil); return }
            if lo > 0 { Self.fill(dst, lo &* c, from: nil) }
            Self.fill(dst + lo &* c, (hi &- lo) &* c, from: x + input)
            if hi < kernel { Self.fill(dst + hi &* c, (kernel &- hi) &* c, from: nil) }
        }
    }

    /// Copies `count` floats from `source`, or writes zeros when it is nil. Runs of a few floats (a
    /// single-channel input's kernel rows are 5) move through registers: a memmove or memset call
    /// per run cost as much as the copy, and made the first conv's im2col take longer than its sgemm.
    @inline(__always)
    private static func fill(_ dst: UnsafeMutablePointer<Float>, _ count: Int, from source: UnsafePointer<Float>?) {
        guard count <= 16 else {
            if let source { dst.update(from: source, count: count) } else { dst.update(repeating: 0, count: count) }
            return
        }
        var i = 0
        while i + 4 <= count {
            let v = source.map { UnsafeRawPointer($0 + i).loadUnaligned(as: SIMD4<Float>.self) } ?? SIMD4()
            UnsafeMutableRawPointer(dst + i).storeBytes(of: v, as: SIMD4<Float>.self)
            i += 4
        }
        // At most three left: written out, so the compiler does not turn them back into a memmove call.
        if i < count { dst[i] = source?[i] ?? 0 }
        if i + 1 < count { dst[i + 1] = source?[i + 1] ?? 0 }
        if i + 2 < count { dst[i + 2] = source?[i + 2] ?? 0 }
    }

    private func col2im(_ cols: UnsafePointer<Float>, count: Int, into dx: UnsafeMutablePointer<Float>) {
        let c = inputShape[2]
        dx.update(repeating: 0, count: count * inputSize)
        forEachKernelRow(count: count) { column, input, lo, hi in
            guard let input else { return }
            let src = cols + column + lo &* c, dst = dx + input
            for i in 0..<((hi &- lo) &* c) { dst[i] += src[i] }
        }
    }

    public var forwardFLOPs: Double { 2 * Double(pixels * filters * patch) }
    public var parameterGradientFLOPs: Double { forwardFLOPs }
    public var inputGradientFLOPs: Double { forwardFLOPs }
}
