import Foundation
import Testing
@testable import Learning

@Suite struct AvgPoolTests {
    /// 3×3 input 1…9, 2×2 windows at stride 1: each output is the mean of an overlapping window.
    @Test func forwardAveragesEachWindow() throws {
        let pool = try AvgPool2D(input: [3, 3, 1], size: 2, stride: 1)
        #expect(pool.outputShape == [2, 2, 1])
        let x: [Float] = (1...9).map(Float.init)
        let (y, _, dx) = GradientCheck.probe(pool, x: x, parameters: [], count: 1, probe: [1, 1, 1, 1])
        #expect(y == [3, 4, 6, 7])
        // The centre pixel is in all four windows, the corners in one: dL/dx = (windows containing it) / 4.
        #expect(dx == [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25])
        let halving = try AvgPool2D(input: [5, 4, 3])
        #expect(halving.outputShape == [2, 2, 3] && halving.stride == 2)
    }

    /// conv3×3 (pad 1) [5,5,2]→[5,5,3] – avgpool 3×3 stride 2 → [2,2,3] – flatten – dense 12→4, mean
    /// softmax cross-entropy, in Float64.
    static func referenceLoss(_ p: [Double], x: [Double], labels: [Int32]) -> Double {
        let n = labels.count
        let convCount = 3 * 9 * 2 + 3
        let a = LayerTests.referenceConv(
            x, Array(p[0..<convCount]), n: n, h: 5, w: 5, c: 2, f: 3, k: 3, stride: 1, pad: 1)
        var pooled = [Double](repeating: 0, count: n * 12)
        for s in 0..<n {
            for oh in 0..<2 {
                for ow in 0..<2 {
                    for ch in 0..<3 {
                        var sum = 0.0
                        for kh in 0..<3 {
                            for kw in 0..<3 { sum += a[((s * 5 + oh * 2 + kh) * 5 + ow * 2 + kw) * 3 + ch] }
                        }
                        pooled[((s * 2 + oh) * 2 + ow) * 3 + ch] = sum / 9
                    }
                }
            }
        }
        return Float64Reference.denseCrossEntropy(pooled, p, at: convCount, inputs: 12, classes: 4, labels: labels)
    }

    /// Every conv and dense parameter; the conv's gradient passes through the pool's backward, with
    /// overlapping windows. Tolerance: |analytic − numeric| ≤ 1e-3 + 2e-2·|numeric|.
    @Test func gradientsThroughOverlappingAveragePoolingMatchFiniteDifferences() throws {
        let conv = try Conv2D(input: [5, 5, 2], filters: 3, kernel: 3, padding: 1)
        let pool = try AvgPool2D(input: conv.outputShape, size: 3, stride: 2)
        #expect(pool.outputShape == [2, 2, 3])
        let flat = Flatten(shape: pool.outputShape)
        let net = try SequentialNetwork(layers: [conv, pool, flat, try Dense(inputs: 12, outputs: 4)], seed: 9)
        var rng = Xoshiro(seed: 13)
        let x = (0..<(3 * 50)).map { _ in rng.normal() }
        let labels: [Int32] = [2, 0, 3]
        let loss = net.lossAndGradient(x, labels: labels)
        let p = net.parameters.map(Double.init), xd = x.map(Double.init)
        #expect(abs(Self.referenceLoss(p, x: xd, labels: labels) - loss) < 1e-4)
        let worst = GradientCheck.worstExcess(at: p, analytic: net.gradient) {
            Self.referenceLoss($0, x: xd, labels: labels)
        }
        #expect(worst <= 1e-3, "worst excess gradient error \(worst)")
    }

    @Test func badShapesAreTypedErrors() {
        #expect(throws: LearningError.self) { try AvgPool2D(input: [2, 2, 1], size: 3) }
        #expect(throws: LearningError.self) { try AvgPool2D(input: [4, 4], size: 2) }
        #expect(throws: LearningError.self) { try AvgPool2D(input: [4, 4, 1], size: 2, stride: 0) }
    }
}
