import Foundation
import Testing
@testable import Learning

@Suite struct ResidualBlockTests {
    /// The basic block in Float64 for `n` samples [h, w, c] → [ho, wo, f]; parameters in the block's
    /// order: conv1 (f·9·c), bn1 (4f), conv2 (f·9·f), bn2 (4f)[, projection (f·c), bn (4f)].
    static func referenceBlock(_ x: [Double], _ p: [Double], n: Int, h: Int, w: Int, c: Int, f: Int, stride: Int)
        -> [Double]
    {
        var at = 0
        func conv(_ input: [Double], h: Int, w: Int, c: Int, k: Int, stride: Int, pad: Int) -> [Double] {
            let weights = Array(p[at..<at + f * k * k * c]) + [Double](repeating: 0, count: f)
            at += f * k * k * c
            return LayerTests.referenceConv(
                input, weights, n: n, h: h, w: w, c: c, f: f, k: k, stride: stride, pad: pad)
        }
        let ho = (h - 1) / stride + 1, wo = (w - 1) / stride + 1, rows = n * ho * wo
        func bn(_ input: [Double]) -> [Double] {
            defer { at += 4 * f }
            return Float64Reference.batchNorm(input, rows: rows, c: f, p, at: at)
        }
        let a = bn(conv(x, h: h, w: w, c: c, k: 3, stride: stride, pad: 1)).map { max(0, $0) }
        let branch = bn(conv(a, h: ho, w: wo, c: f, k: 3, stride: 1, pad: 1))
        let skip = stride == 1 && c == f ? x : bn(conv(x, h: h, w: w, c: c, k: 1, stride: stride, pad: 0))
        return zip(branch, skip).map { max(0, $0 + $1) }
    }

    /// Identity (stride 1, 2 → 2 channels) and projection (stride 2, 2 → 3 channels) blocks on 3
    /// samples [4, 4, 2], for L = Σ probe·y: every trained parameter and every input, against central
    /// differences of the Float64 block. Tolerance: |analytic − numeric| ≤ 1e-3 + 2e-2·|numeric|.
    @Test(arguments: [(2, 1), (3, 2)])
    func gradientsMatchFiniteDifferences(filters: Int, stride: Int) throws {
        let block = try ResidualBlock(input: [4, 4, 2], filters: filters, stride: stride)
        #expect(block.projects == (stride != 1))
        var rng = Xoshiro(seed: UInt64(filters))
        var parameters = [Float](repeating: 0, count: block.parameterCount)
        parameters.withUnsafeMutableBufferPointer { block.initialize($0, rng: &rng) }
        // Non-trivial γ and β so their gradients matter.
        var untrained: [Range<Int>] = [], offset = 0
        for part in block.parameterParts {
            for (suffix, count) in part.layout {
                if part.untrainedSuffixes.contains(suffix) { untrained.append(offset..<offset + count) }
                if suffix == "weight", part.kind == "bn" {
                    for i in 0..<count { parameters[offset + i] = 0.6 + 0.1 * Float(i) }
                }
                if suffix == "bias", part.kind == "bn" {
                    for i in 0..<count { parameters[offset + i] = 0.2 * Float(i) - 0.1 }
                }
                offset += count
            }
        }
        #expect(untrained.count == (block.projects ? 6 : 4))
        let x = (0..<(3 * 32)).map { _ in rng.normal() }
        let probe = (0..<(3 * block.outputSize)).map { _ in rng.normal() }
        let (y, gradient, dx) = GradientCheck.probe(block, x: x, parameters: parameters, count: 3, probe: probe)
        let p = parameters.map(Double.init), xd = x.map(Double.init), c = probe.map(Double.init)
        func loss(_ p: [Double], _ x: [Double]) -> Double {
            zip(Self.referenceBlock(x, p, n: 3, h: 4, w: 4, c: 2, f: filters, stride: stride), c).reduce(0) {
                $0 + $1.0 * $1.1
            }
        }
        let reference = Self.referenceBlock(xd, p, n: 3, h: 4, w: 4, c: 2, f: filters, stride: stride)
        #expect(zip(y, reference).allSatisfy { abs(Double($0) - $1) < 1e-4 })
        let worstParameter = GradientCheck.worstExcess(at: p, analytic: gradient, skipping: untrained) { loss($0, xd) }
        let worstInput = GradientCheck.worstExcess(at: xd, analytic: dx) { loss(p, $0) }
        #expect(worstParameter <= 1e-3, "worst excess parameter gradient error \(worstParameter)")
        #expect(worstInput <= 1e-3, "worst excess input gradient error \(worstInput)")
        #expect(untrained.allSatisfy { r in r.allSatisfy { gradient[$0] == 0 } })
    }

    /// Hand-computed for channels (c1, c2, c3) = ⌈w·(16, 32, 64)⌉, Fashion-MNIST [1, 28, 28], 10 classes:
    /// stem 9·c1 + BN 4·c1; block 1: 2 convs 9·c1² + 2 BN; blocks 2 and 3: 9·cᵢ₋₁·cᵢ + 9·cᵢ² + 1×1
    /// projection cᵢ₋₁·cᵢ + 3 BN of 4·cᵢ; fc 10·c3 + 10. FLOPs: 2·pixels·(filters·k²·C) per conv, 4 per
    /// BN value, 1 per residual add and per pooled value, 2·c3·10 for the fc.
    @Test(arguments: [(1.0, 16, 32, 64, 78_426), (0.5, 8, 16, 32, 20_146), (0.25, 4, 8, 16, 5_310)])
    func resnet8CountsMatchHandComputedNumbers(width: Double, c1: Int, c2: Int, c3: Int, expected: Int) throws {
        let params =
            9 * c1 + 4 * c1 + 2 * 9 * c1 * c1 + 8 * c1
            + 9 * c1 * c2 + 9 * c2 * c2 + c1 * c2 + 12 * c2
            + 9 * c2 * c3 + 9 * c3 * c3 + c2 * c3 + 12 * c3 + 10 * c3 + 10
        #expect(params == expected)
        var flops = 2 * 784 * 9 * c1 + 4 * 784 * c1
        flops += 2 * (2 * 784 * 9 * c1 * c1) + 2 * 4 * 784 * c1 + 784 * c1
        flops += 2 * 196 * 9 * c1 * c2 + 2 * 196 * 9 * c2 * c2 + 2 * 196 * c1 * c2 + 3 * 4 * 196 * c2 + 196 * c2
        flops += 2 * 49 * 9 * c2 * c3 + 2 * 49 * 9 * c3 * c3 + 2 * 49 * c2 * c3 + 3 * 4 * 49 * c3 + 49 * c3
        flops += 49 * c3 + 2 * c3 * 10
        let card = try ModelZoo.card("resnet8", sampleShape: [1, 28, 28], classes: 10, width: width)
        #expect(card.parameterCount == expected)
        #expect(card.forwardFLOPsPerSample == Double(flops))
        #expect(card.trainingFLOPsPerSample > 2 * card.forwardFLOPsPerSample)
    }

    /// ResNet-8 on a batch of 2 Fashion-MNIST-shaped inputs: named groups (BatchNorm's under `bn`, as
    /// FedBN selects them), a finite gradient in every trained group and none in the running
    /// statistics, and a few SGD steps on the batch lower its loss.
    @Test func resnet8TrainsOnATinyBatch() throws {
        let net = try ModelZoo.make("resnet8", sampleShape: [1, 28, 28], classes: 10, seed: 5)
        let names = net.parameterGroups.map(\.name)
        #expect(
            names.prefix(7) == [
                "conv0.weight", "bn0.weight", "bn0.bias", "bn0.running_mean", "bn0.running_var", "conv1.weight",
                "bn1.weight",
            ])
        #expect(names.suffix(2) == ["dense0.weight", "dense0.bias"])
        #expect(names.filter { $0.hasSuffix(".weight") && $0.hasPrefix("conv") }.count == 9)
        let batchNorm = net.parameterGroups.filter { $0.name.hasPrefix("bn") }
        #expect(batchNorm.count == 9 * 4)
        let batchNormLength = batchNorm.reduce(0) { $0 + $1.range.count }
        #expect(batchNormLength == 4 * 3 * (16 + 32 + 64))
        #expect(net.untrainedRanges.count == 18)
        #expect(Set(names).count == names.count)

        var rng = Xoshiro(seed: 8)
        let x = (0..<(2 * 784)).map { _ in rng.unit() }
        let labels: [Int32] = [3, 7]
        let first = x.withUnsafeBufferPointer { xb in
            labels.withUnsafeBufferPointer { net.lossAndGradient(xb.baseAddress!, labels: $0.baseAddress!, count: 2) }
        }
        #expect(first.isFinite && first > 0)
        let gradient = net.gradient
        #expect(gradient.allSatisfy { $0.isFinite })
        for group in net.parameterGroups {
            let untrained = net.untrainedRanges.contains(group.range)
            let moved = gradient[group.range].contains { $0 != 0 }
            #expect(untrained ? !moved : moved, "\(group.name)")
        }
        var sgd = try SGD(learningRate: 0.05)
        var loss = first
        for _ in 0..<5 {
            sgd.step(&net.parameters, gradient: net.gradient)
            loss = x.withUnsafeBufferPointer { xb in
                labels.withUnsafeBufferPointer {
                    net.lossAndGradient(xb.baseAddress!, labels: $0.baseAddress!, count: 2)
                }
            }
        }
        #expect(loss < first * 0.7, "loss \(first) → \(loss)")
    }
}
