import Foundation

/// A gated recurrent unit (Cho et al., 2014) over sequences `[T, F]` (time steps × features) → its
/// last hidden state `[H]`, with h₀ = 0. Gates in PyTorch's convention and order (r, z, n):
///
///     r = σ(x·W_r + b_ir + h·U_r + b_hr)     z = σ(x·W_z + b_iz + h·U_z + b_hz)
///     n = tanh(x·W_n + b_in + r ⊙ (h·U_n + b_hn))     h' = (1 − z) ⊙ n + z ⊙ h
///
/// Groups: `weight_ih` (F × 3H, row-major, columns r | z | n), `weight_hh` (H × 3H), `bias_ih` (3H),
/// `bias_hh` (3H). Forward does the input projection of every step of the batch as one sgemm, then
/// one sgemm per step for the recurrence; backward through time mirrors it (one sgemm per step for
/// dU and one for dh, then one each for dW and dx over all steps).
public final class GRU: Layer {
    public let inputShape: [Int]
    public var outputShape: [Int] { [hidden] }
    public var kind: String { "gru" }
    public let steps: Int
    public let features: Int
    public let hidden: Int
    /// x·W + b_ih for every (sample, step): rows n·T + t, 3H columns. Reused for dL/d(that) in backward.
    private let inputProjection = ScratchBuffer()
    /// Hidden states h₀ … h_T, each N × H.
    private let states = ScratchBuffer()
    /// Per step, N × 4H: r, z, n and h·U_n + b_hn.
    private let gates = ScratchBuffer()
    /// N × 3H: h·U + b_hh in forward, dL/d(h·U + b_hh) in backward.
    private let recurrent = ScratchBuffer()
    /// N × H: dL/dh of the current step.
    private let hiddenGradient = ScratchBuffer()

    /// - Parameters:
    ///   - input: `[T, F]`.
    ///   - hidden: H, the hidden state's size.
    public init(input: [Int], hidden: Int) throws(LearningError) {
        guard input.count == 2, input.allSatisfy({ $0 > 0 }), hidden > 0 else {
            throw LearningError(
                .shapeMismatch,
                "a GRU needs sequence samples shaped [T, F] and a positive hidden size; got \(input), hidden \(hidden)")
        }
        inputShape = input
        steps = input[0]
        features = input[1]
        self.hidden = hidden
    }

    private var gateWidth: Int { 3 * hidden }

    public var parameterLayout: [(suffix: String, count: Int)] {
        [
            ("weight_ih", features * gateWidth), ("weight_hh", hidden * gateWidth), ("bias_ih", gateWidth),
            ("bias_hh", gateWidth),
        ]
    }

    /// Every weight and bias uniform in ±1/√H, as PyTorch does.
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro) {
        let parameters = parameters.start(holding: parameterCount)
        let bound = 1 / Float(hidden).squareRoot()
        for i in 0..<parameterCount { parameters[i] = bound * (2 * rng.unit() - 1) }
    }

    private func pointers(_ p: UnsafePointer<Float>) -> (
        w: UnsafePointer<Float>, u: UnsafePointer<Float>, bi: UnsafePointer<Float>, bh: UnsafePointer<Float>
    ) {
        let u = p + features * gateWidth
        let bi = u + hidden * gateWidth
        return (p, u, bi, bi + gateWidth)
    }

    public func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>,
        training: Bool
    ) {
        let x = x.start(holding: count * inputSize)
        let y = y.start(holding: count * outputSize)
        let parameters = parameters.start(holding: parameterCount)
        let (w, u, bi, bh) = pointers(parameters)
        let (h3, hs) = (gateWidth, hidden)
        inputProjection.reserve(count * steps * h3)
        states.reserve((steps + 1) * count * hs)
        gates.reserve(steps * count * 4 * hs)
        recurrent.reserve(count * h3)
        let gx = inputProjection.pointer, gh = recurrent.pointer
        broadcastRows(bi, rows: count * steps, columns: h3, into: gx)
        BLAS.gemm(m: count * steps, n: h3, k: features, x, lda: features, w, ldb: h3, beta: 1, gx, ldc: h3)
        states.pointer.update(repeating: 0, count: count * hs)
        for t in 0..<steps {
            let previous = states.pointer + t * count * hs, next = previous + count * hs
            let cache = gates.pointer + t * count * 4 * hs
            broadcastRows(bh, rows: count, columns: h3, into: gh)
            BLAS.gemm(m: count, n: h3, k: hs, previous, lda: hs, u, ldb: h3, beta: 1, gh, ldc: h3)
            for n in 0..<count {
                let a = gx + (n * steps + t) * h3, b = gh + n * h3, c = cache + n * 4 * hs
                for j in 0..<hs {
                    let r = sigmoid(a[j] + b[j])
                    let z = sigmoid(a[hs + j] + b[hs + j])
                    let candidate = tanhf(a[2 * hs + j] + r * b[2 * hs + j])
                    c[j] = r
                    c[hs + j] = z
                    c[2 * hs + j] = candidate
                    c[3 * hs + j] = b[2 * hs + j]
                    next[n * hs + j] = (1 - z) * candidate + z * previous[n * hs + j]
                }
            }
        }
        y.update(from: states.pointer + steps * count * hs, count: count * hs)
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
        let (w, u, _, _) = pointers(parameters)
        let (h3, hs) = (gateWidth, hidden)
        let gW = gradient, gU = gradient + features * h3, gBi = gU + hs * h3, gBh = gBi + h3
        hiddenGradient.reserve(count * hs)
        let dh = hiddenGradient.pointer, dgx = inputProjection.pointer, dgh = recurrent.pointer
        dh.update(from: dy, count: count * hs)
        gU.update(repeating: 0, count: hs * h3)
        gBh.update(repeating: 0, count: h3)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let previous = states.pointer + t * count * hs
            let cache = gates.pointer + t * count * 4 * hs
            for n in 0..<count {
                let a = dgx + (n * steps + t) * h3, b = dgh + n * h3, c = cache + n * 4 * hs
                for j in 0..<hs {
                    let (r, z, candidate, hn) = (c[j], c[hs + j], c[2 * hs + j], c[3 * hs + j])
                    let g = dh[n * hs + j]
                    let dCandidate = g * (1 - z) * (1 - candidate * candidate)
                    let dz = g * (previous[n * hs + j] - candidate) * z * (1 - z)
                    let dr = dCandidate * hn * r * (1 - r)
                    a[j] = dr
                    a[hs + j] = dz
                    a[2 * hs + j] = dCandidate
                    b[j] = dr
                    b[hs + j] = dz
                    b[2 * hs + j] = dCandidate * r
                    dh[n * hs + j] = g * z
                }
            }
            // dU += h_prevᵀ · dgh ; db_hh += Σ dgh ; dh_prev += dgh · Uᵀ
            BLAS.gemm(transposeA: true, m: hs, n: h3, k: count, previous, lda: hs, dgh, ldb: h3, beta: 1, gU, ldc: h3)
            for n in 0..<count { for k in 0..<h3 { gBh[k] += dgh[n * h3 + k] } }
            if t > 0 {
                BLAS.gemm(transposeB: true, m: count, n: hs, k: h3, dgh, lda: h3, u, ldb: h3, beta: 1, dh, ldc: hs)
            }
        }
        // dW = xᵀ · dgx ; db_ih = Σ dgx ; dx = dgx · Wᵀ, over all (sample, step) rows.
        BLAS.gemm(transposeA: true, m: features, n: h3, k: count * steps, x, lda: features, dgx, ldb: h3, gW, ldc: h3)
        columnSums(dgx, rows: count * steps, columns: h3, into: gBi)
        if let dx {
            BLAS.gemm(
                transposeB: true, m: count * steps, n: features, k: h3, dgx, lda: h3, w, ldb: h3, dx, ldc: features)
        }
    }

    /// The sgemms: input projection and recurrence per step (gate arithmetic not counted).
    public var forwardFLOPs: Double { Double(steps * 2 * gateWidth * (features + hidden)) }
    /// dW, dU and back-propagating dh through U at every step.
    public var parameterGradientFLOPs: Double { Double(steps * 2 * gateWidth * (features + 2 * hidden)) }
    public var inputGradientFLOPs: Double { Double(steps * 2 * gateWidth * features) }
}

@inline(__always)
private func sigmoid(_ a: Float) -> Float { 1 / (1 + expf(-a)) }
