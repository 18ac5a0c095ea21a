import Foundation
import Testing
@testable import Learning

/// The input gradients of Conv2D (col2im) and MaxPool2D on their own, which the network checks only
/// reach from behind another layer, and the network's skipping of the first layer's input gradient.
@Suite struct ConvPoolBackwardTests {
    /// Conv input and parameter gradients for L = Σ probe·conv(x), against central differences of the
    /// Float64 reference conv, for a strided padded 3×3 and the CNN's 5×5 'same' shape (kernel rows
    /// partly in the padding on every side), with two channels and with one (the first layer's).
    /// Tolerance: |analytic − numeric| ≤ 1e-3 + 2e-2·|numeric|.
    @Test(arguments: [
        (h: 7, w: 6, c: 3, f: 4, k: 3, stride: 2, pad: 1), (h: 6, w: 5, c: 2, f: 3, k: 5, stride: 1, pad: 2),
        (h: 6, w: 7, c: 1, f: 2, k: 5, stride: 1, pad: 2),
    ])
    func convGradientsMatchFiniteDifferences(shape: (h: Int, w: Int, c: Int, f: Int, k: Int, stride: Int, pad: Int))
        throws
    {
        let conv = try Conv2D(
            input: [shape.h, shape.w, shape.c], filters: shape.f, kernel: shape.k, stride: shape.stride,
            padding: shape.pad)
        let count = 2
        var rng = Xoshiro(seed: 21)
        let x = (0..<(count * conv.inputSize)).map { _ in rng.normal() }
        let p = (0..<conv.parameterCount).map { _ in rng.normal() }
        let probe = (0..<(count * conv.outputSize)).map { _ in rng.normal() }
        let (_, gradient, dx) = GradientCheck.probe(conv, x: x, parameters: p, count: count, probe: probe)
        let probed = probe.map(Double.init)
        func loss(_ x: [Double], _ p: [Double]) -> Double {
            let y = LayerTests.referenceConv(
                x, p, n: count, h: shape.h, w: shape.w, c: shape.c, f: shape.f, k: shape.k, stride: shape.stride,
                pad: shape.pad)
            return zip(y, probed).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let xd = x.map(Double.init), pd = p.map(Double.init)
        let worstInput = GradientCheck.worstExcess(at: xd, analytic: dx) { loss($0, pd) }
        let worstParameter = GradientCheck.worstExcess(at: pd, analytic: gradient) { loss(xd, $0) }
        #expect(worstInput <= 1e-3, "worst excess input gradient error \(worstInput)")
        #expect(worstParameter <= 1e-3, "worst excess parameter gradient error \(worstParameter)")
    }

    /// 2×2 pooling of a 5×5×C image: each output is its window's maximum, the gradient goes to that
    /// input only, and the last row and column (in no window) get zero. Exact: no arithmetic happens.
    /// C = 2 runs the one-channel-at-a-time loop; C = 6 four channels in SIMD lanes, then two.
    @Test(arguments: [2, 6])
    func maxPoolRoutesGradientToEachWindowsMaximum(channels c: Int) throws {
        let pool = try MaxPool2D(input: [5, 5, c])
        #expect(pool.outputShape == [2, 2, c])
        // Distinct values in a scrambled order (37 is coprime with 25·C), so every window has one
        // maximum, at varying taps.
        let x: [Float] = (0..<(25 * c)).map { Float(($0 * 37) % (25 * c)) }
        let probe: [Float] = (1...(4 * c)).map(Float.init)
        let (y, _, dx) = GradientCheck.probe(pool, x: x, parameters: [], count: 1, probe: probe)
        var expectedY = [Float](repeating: 0, count: 4 * c), expectedDx = [Float](repeating: 0, count: 25 * c)
        for oh in 0..<2 {
            for ow in 0..<2 {
                for ch in 0..<c {
                    let taps = [(0, 0), (0, 1), (1, 0), (1, 1)].map { ((oh * 2 + $0.0) * 5 + ow * 2 + $0.1) * c + ch }
                    let top = taps.max { x[$0] < x[$1] } ?? 0
                    let o = (oh * 2 + ow) * c + ch
                    expectedY[o] = x[top]
                    expectedDx[top] = probe[o]
                }
            }
        }
        #expect(y == expectedY)
        #expect(dx == expectedDx)
    }

    /// A window of equal values sends its whole gradient to its first (top-left) input, in the SIMD
    /// lanes (channels 0–3) as in the scalar loop (channel 4).
    @Test func maxPoolTiesGoToTheFirstTap() throws {
        let pool = try MaxPool2D(input: [2, 2, 5])
        let (y, _, dx) = GradientCheck.probe(
            pool, x: [Float](repeating: 3, count: 20), parameters: [], count: 1, probe: [5, 6, 7, 8, 9])
        #expect(y == [3, 3, 3, 3, 3])
        #expect(dx == [5, 6, 7, 8, 9] + [Float](repeating: 0, count: 15))
    }

    /// The network never asks its first layer for an input gradient (nothing consumes it), and asks
    /// every later layer for one.
    @Test func onlyLayersAfterTheFirstComputeAnInputGradient() throws {
        let first = InputGradientSpy(size: 4), second = InputGradientSpy(size: 4)
        let net = try SequentialNetwork(layers: [first, second, try Dense(inputs: 4, outputs: 2)], seed: 3)
        _ = net.lossAndGradient([1, -2, 3, -4], labels: [1])
        #expect(first.askedForInputGradient == [false])
        #expect(second.askedForInputGradient == [true])
    }
}

/// An identity layer that records, per backward, whether it was given an input-gradient buffer.
private final class InputGradientSpy: Layer {
    let inputShape: [Int]
    var outputShape: [Int] { inputShape }
    var kind: String { "spy" }
    private(set) var askedForInputGradient: [Bool] = []

    init(size: Int) { inputShape = [size] }

    func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>, training: Bool
    ) {
        for i in 0..<(count * inputSize) { y[i] = x[i] }
    }

    func backward(
        input x: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeMutableBufferPointer<Float>, inputGradient dx: UnsafeMutableBufferPointer<Float>?,
        count: Int, parameters: UnsafeBufferPointer<Float>, gradient: UnsafeMutableBufferPointer<Float>
    ) {
        askedForInputGradient.append(dx != nil)
        if let dx { for i in 0..<(count * inputSize) { dx[i] = dy[i] } }
    }
}
