import Foundation
import Testing
@testable import Learning

/// Float64 references for the layers, compared with the Float32 layers by tolerance.
@Suite struct LayerTests {
    /// Naive channels-last convolution: x [n, H, W, C], weights [F, k, k, C] then F biases.
    static func referenceConv(
        _ x: [Double], _ p: [Double], n: Int, h: Int, w: Int, c: Int, f: Int, k: Int, stride: Int, pad: Int
    ) -> [Double] {
        let ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1
        var y = [Double](repeating: 0, count: n * ho * wo * f)
        for s in 0..<n {
            for oh in 0..<ho {
                for ow in 0..<wo {
                    for o in 0..<f {
                        var acc = p[f * k * k * c + o]
                        for kh in 0..<k {
                            for kw in 0..<k {
                                for ch in 0..<c {
                                    let ih = oh * stride - pad + kh, iw = ow * stride - pad + kw
                                    guard ih >= 0, ih < h, iw >= 0, iw < w else { continue }
                                    acc += x[((s * h + ih) * w + iw) * c + ch] * p[((o * k + kh) * k + kw) * c + ch]
                                }
                            }
                        }
                        y[((s * ho + oh) * wo + ow) * f + o] = acc
                    }
                }
            }
        }
        return y
    }

    /// The tiny test network in Float64: conv3×3 (stride 1, pad 1) [5,5,2]→[5,5,3] – ReLU – maxpool2 →
    /// [2,2,3] – flatten – dense 12→4, mean softmax cross-entropy.
    static func referenceLoss(_ p: [Double], x: [Double], labels: [Int32]) -> Double {
        let n = labels.count
        let convCount = 3 * 9 * 2 + 3
        let a = referenceConv(x, Array(p[0..<convCount]), n: n, h: 5, w: 5, c: 2, f: 3, k: 3, stride: 1, pad: 1).map {
            max(0, $0)
        }
        var pooled = [Double](repeating: 0, count: n * 12)
        for s in 0..<n {
            for oh in 0..<2 {
                for ow in 0..<2 {
                    for ch in 0..<3 {
                        var best = -Double.infinity
                        for kh in 0..<2 {
                            for kw in 0..<2 { best = max(best, a[((s * 5 + oh * 2 + kh) * 5 + ow * 2 + kw) * 3 + ch]) }
                        }
                        pooled[((s * 2 + oh) * 2 + ow) * 3 + ch] = best
                    }
                }
            }
        }
        return Float64Reference.denseCrossEntropy(pooled, p, at: convCount, inputs: 12, classes: 4, labels: labels)
    }

    static func tinyNetwork() throws -> SequentialNetwork {
        let conv = try Conv2D(input: [5, 5, 2], filters: 3, kernel: 3, padding: 1)
        let pool = try MaxPool2D(input: conv.outputShape)
        let flat = Flatten(shape: pool.outputShape)
        return try SequentialNetwork(
            layers: [conv, ReLU(shape: conv.outputShape), pool, flat, try Dense(inputs: flat.outputSize, outputs: 4)],
            seed: 7)
    }

    /// Central differences (h = 1e-5) of the Float64 reference against the network's Float32 gradient,
    /// over every parameter of conv, dense (and through ReLU, max pooling, flatten).
    /// Tolerance: |analytic − numeric| ≤ 1e-3 + 2e-2·|numeric|.
    @Test func gradientsOfConvPoolDenseMatchFiniteDifferences() throws {
        let net = try Self.tinyNetwork()
        var rng = Xoshiro(seed: 11)
        let x = (0..<(3 * 50)).map { _ in rng.normal() }
        let labels: [Int32] = [0, 3, 1]
        _ = x.withUnsafeBufferPointer { xb in
            labels.withUnsafeBufferPointer { net.lossAndGradient(xb.baseAddress!, labels: $0.baseAddress!, count: 3) }
        }
        let p = net.parameters.map(Double.init), xd = x.map(Double.init)
        let ref = Self.referenceLoss(p, x: xd, labels: labels)
        #expect(abs(ref - Double(net.lossAndGradient(x, labels: labels))) < 1e-4)
        var worst = 0.0
        for i in 0..<p.count {
            var plus = p, minus = p
            plus[i] += 1e-5
            minus[i] -= 1e-5
            let numeric =
                (Self.referenceLoss(plus, x: xd, labels: labels) - Self.referenceLoss(minus, x: xd, labels: labels))
                / 2e-5
            let error = abs(Double(net.gradient[i]) - numeric)
            worst = max(worst, error - 2e-2 * abs(numeric))
        }
        #expect(worst <= 1e-3, "worst excess gradient error \(worst)")
    }

    /// Against the naive loop, tolerance 1e-4 absolute: stride 2 with padding over 3 channels, and the
    /// CNN's first layer (one channel, 5×5 'same'), whose kernel rows are runs of 1 to 5 floats.
    @Test(arguments: [
        (h: 7, w: 6, c: 3, f: 4, k: 3, stride: 2, pad: 1, out: [4, 3, 4]),
        (h: 9, w: 8, c: 1, f: 5, k: 5, stride: 1, pad: 2, out: [9, 8, 5]),
    ])
    func convForwardMatchesNaiveLoop(shape: (h: Int, w: Int, c: Int, f: Int, k: Int, stride: Int, pad: Int, out: [Int]))
        throws
    {
        let conv = try Conv2D(
            input: [shape.h, shape.w, shape.c], filters: shape.f, kernel: shape.k, stride: shape.stride,
            padding: shape.pad)
        #expect(conv.outputShape == shape.out)
        var rng = Xoshiro(seed: 5)
        let x = (0..<(2 * conv.inputSize)).map { _ in rng.normal() }
        let p = (0..<conv.parameterCount).map { _ in rng.normal() }
        var y = [Float](repeating: 0, count: 2 * conv.outputSize)
        x.withUnsafeBufferPointer { xb in
            p.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { yb in
                    conv.forward(
                        xb, into: yb, count: 2, parameters: pb, training: true)
                }
            }
        }
        let ref = Self.referenceConv(
            x.map(Double.init), p.map(Double.init), n: 2, h: shape.h, w: shape.w, c: shape.c, f: shape.f, k: shape.k,
            stride: shape.stride, pad: shape.pad)
        let worst = zip(y, ref).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(worst < 1e-4)
    }

    /// How `convSplitIntoChunksMatchesNaiveForwardAndBackward` drives one conv.
    struct ConvChunkCase: Sendable, CustomTestStringConvertible {
        var samples: Int, side: Int, channels: Int
        /// False sets `keptColumnsLimit` to 0, so backward rebuilds every chunk's columns.
        var keepsColumns = true
        var usesBias = true
        /// False passes no input gradient (a first layer).
        var inputGradient = true
        /// An evaluation forward on the same batch between the training forward and backward.
        var evaluationBetween = false
        var testDescription: String {
            "\(samples)×\(side)²×\(channels)\(keepsColumns ? "" : " rebuilt")\(usesBias ? "" : " no bias")\(inputGradient ? "" : " no dx")\(evaluationBetween ? " eval between" : "")"
        }
    }

    /// Batches larger than one cache-sized chunk: forward, the weight and bias gradients and the
    /// input gradient all equal the naive sums, whether forward keeps the batch's columns or backward
    /// builds them again chunk by chunk, summing the weight gradient over the chunks. A 20×20×16
    /// sample's columns are a chunk of their own; 14×14×16 samples go two to a chunk, so a batch of 5
    /// ends in a partial chunk. Gradients start as NaN: every one must be written, not added to.
    @Test(arguments: [
        ConvChunkCase(samples: 3, side: 20, channels: 16),
        ConvChunkCase(samples: 3, side: 20, channels: 16, keepsColumns: false),
        ConvChunkCase(samples: 3, side: 20, channels: 16, evaluationBetween: true),
        ConvChunkCase(samples: 5, side: 14, channels: 16, keepsColumns: false),
        ConvChunkCase(samples: 5, side: 14, channels: 16, keepsColumns: false, usesBias: false, inputGradient: false),
        ConvChunkCase(samples: 5, side: 14, channels: 16, usesBias: false),
    ])
    func convSplitIntoChunksMatchesNaiveForwardAndBackward(_ setup: ConvChunkCase) throws {
        let (n, h, w, c, f, k, pad) = (setup.samples, setup.side, setup.side, setup.channels, 8, 5, 2)
        let conv = try Conv2D(input: [h, w, c], filters: f, kernel: k, padding: pad, usesBias: setup.usesBias)
        if !setup.keepsColumns { conv.keptColumnsLimit = 0 }
        var rng = Xoshiro(seed: 9)
        let x = (0..<(n * conv.inputSize)).map { _ in rng.normal() }
        let p = (0..<conv.parameterCount).map { _ in rng.normal() * 0.1 }
        let dyValues = (0..<(n * conv.outputSize)).map { _ in rng.normal() }
        var dy = dyValues
        var y = [Float](repeating: 0, count: n * conv.outputSize)
        var dx = [Float](repeating: .nan, count: n * conv.inputSize)
        var g = [Float](repeating: .nan, count: conv.parameterCount)
        x.withUnsafeBufferPointer { xb in
            p.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { yb in
                    conv.forward(
                        xb, into: yb, count: n, parameters: pb, training: true)
                    if setup.evaluationBetween {
                        var scratch = [Float](repeating: 0, count: n * conv.outputSize)
                        scratch.withUnsafeMutableBufferPointer {
                            conv.forward(
                                xb, into: $0, count: n, parameters: pb,
                                training: false)
                        }
                    }
                    dy.withUnsafeMutableBufferPointer { dyb in
                        dx.withUnsafeMutableBufferPointer { dxb in
                            g.withUnsafeMutableBufferPointer { gb in
                                conv.backward(
                                    input: xb, output: UnsafeBufferPointer(yb),
                                    outputGradient: dyb,
                                    inputGradient: setup.inputGradient ? dxb : nil, count: n,
                                    parameters: pb, gradient: gb)
                            }
                        }
                    }
                }
            }
        }
        // The reference reads a bias after the weights; a conv without one has a zero bias.
        let withBias = p.map(Double.init) + (setup.usesBias ? [] : [Double](repeating: 0, count: f))
        let ref = Self.referenceConv(
            x.map(Double.init), withBias, n: n, h: h, w: w, c: c, f: f, k: k, stride: 1, pad: pad)
        #expect((zip(y, ref).map { abs(Double($0) - $1) }.max() ?? .infinity) < 1e-3)

        var dW = [Double](repeating: 0, count: f * k * k * c + f), dX = [Double](repeating: 0, count: x.count)
        for s in 0..<n {
            for oh in 0..<h {
                for ow in 0..<w {
                    for fi in 0..<f {
                        let d = Double(dyValues[((s * h + oh) * w + ow) * f + fi])
                        dW[f * k * k * c + fi] += d
                        for kh in 0..<k {
                            for kw in 0..<k {
                                let (ih, iw) = (oh - pad + kh, ow - pad + kw)
                                guard ih >= 0, ih < h, iw >= 0, iw < w else { continue }
                                for ci in 0..<c {
                                    let xi = ((s * h + ih) * w + iw) * c + ci,
                                        wi = fi * k * k * c + (kh * k + kw) * c + ci
                                    dW[wi] += d * Double(x[xi])
                                    dX[xi] += d * Double(p[wi])
                                }
                            }
                        }
                    }
                }
            }
        }
        // A NaN (an entry never written) counts as an infinite error: max() would skip it.
        let gradientError =
            zip(g, dW).map { $0.isNaN ? .infinity : abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? .infinity
        #expect(gradientError < 1e-4, "worst relative weight/bias gradient error \(gradientError)")
        if setup.inputGradient {
            let inputError =
                zip(dx, dX).map { $0.isNaN ? .infinity : abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? .infinity
            #expect(inputError < 1e-4, "worst relative input gradient error \(inputError)")
        } else {
            let untouched = dx.allSatisfy { $0.isNaN }
            #expect(untouched, "no input gradient was asked for, yet dx was written")
        }
    }

    /// An empty batch still writes (zeros into) the whole gradient slice, also right after a forward
    /// that kept another batch's columns.
    @Test func convBackwardOverNoSamplesWritesAZeroGradient() throws {
        let conv = try Conv2D(input: [6, 6, 2], filters: 3, kernel: 3, padding: 1)
        let x = [Float](repeating: 1, count: 2 * conv.inputSize),
            p = [Float](repeating: 0.5, count: conv.parameterCount)
        var y = [Float](repeating: 0, count: 2 * conv.outputSize), dy = y
        var g = [Float](repeating: .nan, count: conv.parameterCount)
        x.withUnsafeBufferPointer { xb in
            p.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { yb in
                    conv.forward(
                        xb, into: yb, count: 2, parameters: pb, training: true)
                    dy.withUnsafeMutableBufferPointer { dyb in
                        g.withUnsafeMutableBufferPointer { gb in
                            conv.backward(
                                input: xb, output: UnsafeBufferPointer(yb),
                                outputGradient: dyb,
                                inputGradient: nil, count: 0, parameters: pb, gradient: gb)
                        }
                    }
                }
            }
        }
        #expect(g == [Float](repeating: 0, count: conv.parameterCount))
    }

    /// The CNN runs ReLU after max pooling (ModelZoo.cnnLayers): on windows that are all negative,
    /// hold zeros, tie on a positive value or mix signs, pool-then-ReLU gives exactly the outputs and
    /// input gradients of ReLU-then-pool. C = 4 runs the pooling's SIMD channel loop only; C = 6 also
    /// its one-channel-at-a-time remainder.
    @Test(arguments: [4, 6])
    func reluAfterPoolingEqualsReluBeforePooling(channels c: Int) throws {
        let shape = [4, 4, c]
        let pool = try MaxPool2D(input: shape), relu = ReLU(shape: shape), pooledReLU = ReLU(shape: pool.outputShape)
        let samples = 3, inputs = samples * 16 * c, outputs = samples * 4 * c
        func at(_ n: Int, _ h: Int, _ w: Int, _ ch: Int) -> Int { ((n * 4 + h) * 4 + w) * c + ch }
        func window(_ n: Int, _ oh: Int, _ ow: Int, _ ch: Int) -> [Int] {
            [
                at(n, 2 * oh, 2 * ow, ch), at(n, 2 * oh, 2 * ow + 1, ch), at(n, 2 * oh + 1, 2 * ow, ch),
                at(n, 2 * oh + 1, 2 * ow + 1, ch),
            ]
        }
        var rng = Xoshiro(seed: 5)
        var x = (0..<inputs).map { _ in rng.normal() }
        // All negative.
        for ch in 0..<c { for (t, i) in window(0, 0, 0, ch).enumerated() { x[i] = -1 - Float(t + ch) } }
        for i in window(0, 0, 1, 0) { x[i] = 0 }  // all zero
        for (t, i) in window(0, 0, 1, 1).enumerated() { x[i] = t == 0 ? -1 : 0 }  // zeros and a negative
        for i in window(1, 0, 0, 2) { x[i] = 0.75 }  // a four-way positive tie
        for i in window(1, 1, 1, c - 1) { x[i] = 0.5 }  // a tie in the last channel
        let dy = (0..<outputs).map { _ in rng.normal() }
        var reluOut = [Float](repeating: 0, count: inputs), before = [Float](repeating: 0, count: outputs)
        var pooled = [Float](repeating: 0, count: outputs), after = [Float](repeating: 0, count: outputs)
        var dBefore = [Float](repeating: 0, count: inputs), dAfter = [Float](repeating: 0, count: inputs)
        var mid = [Float](repeating: 0, count: inputs), midPooled = [Float](repeating: 0, count: outputs)
        var g = dy, g2 = dy
        // Neither layer has parameters.
        let params: [Float] = []
        var grad: [Float] = []
        relu.forward(x, into: &reluOut, count: samples, parameters: params, training: true)
        pool.forward(reluOut, into: &before, count: samples, parameters: params, training: true)
        pool.backward(
            input: reluOut, output: before, outputGradient: &g, inputGradient: &mid, count: samples,
            parameters: params, gradient: &grad)
        relu.backward(
            input: x, output: reluOut, outputGradient: &mid, inputGradient: &dBefore, count: samples,
            parameters: params, gradient: &grad)

        pool.forward(x, into: &pooled, count: samples, parameters: params, training: true)
        pooledReLU.forward(pooled, into: &after, count: samples, parameters: params, training: true)
        pooledReLU.backward(
            input: pooled, output: after, outputGradient: &g2, inputGradient: &midPooled, count: samples,
            parameters: params, gradient: &grad)
        pool.backward(
            input: x, output: pooled, outputGradient: &midPooled, inputGradient: &dAfter, count: samples,
            parameters: params, gradient: &grad)
        #expect(before == after)
        #expect(dBefore == dAfter)
        #expect(before.contains(0) && before.contains { $0 > 0 })
        #expect(dAfter.contains { $0 != 0 })
    }

    @Test func shapeErrorsAreTyped() {
        #expect(throws: LearningError.self) { try Conv2D(input: [3, 3], filters: 2, kernel: 3) }
        #expect(throws: LearningError.self) { try MaxPool2D(input: [1, 1, 2]) }
        #expect(throws: LearningError.self) {
            try SequentialNetwork(
                layers: [try Dense(inputs: 4, outputs: 3), try Dense(inputs: 4, outputs: 2)], seed: 1)
        }
    }
}

extension SequentialNetwork {
    /// Test convenience over arrays.
    func lossAndGradient(_ x: [Float], labels: [Int32]) -> Double {
        x.withUnsafeBufferPointer { xb in
            labels.withUnsafeBufferPointer {
                lossAndGradient(xb.baseAddress!, labels: $0.baseAddress!, count: labels.count)
            }
        }
    }
}
