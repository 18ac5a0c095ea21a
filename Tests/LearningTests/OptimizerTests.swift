import Foundation
import Testing
@testable import Learning

@Suite struct OptimizerTests {
    /// ∇ of ½ Σ aᵢ (wᵢ − tᵢ)², an ill-conditioned quadratic.
    func gradient(_ w: [Float], scales: [Float], target: [Float]) -> [Float] {
        (0..<w.count).map { scales[$0] * (w[$0] - target[$0]) }
    }

    @Test func adamConvergesOnAQuadraticAndIsDeterministic() throws {
        let scales: [Float] = [1, 10, 100], target: [Float] = [3, -2, 0.5]
        func run() throws -> [Float] {
            var adam = try Adam(learningRate: 0.05)
            var w: [Float] = [0, 0, 0]
            for _ in 0..<2000 { adam.step(&w, gradient: gradient(w, scales: scales, target: target)) }
            return w
        }
        let w = try run()
        for i in w.indices { #expect(abs(w[i] - target[i]) < 1e-2) }
        #expect(try run() == w)
    }

    @Test func adamFirstStepIsLearningRateTimesSignThanksToBiasCorrection() throws {
        var adam = try Adam(learningRate: 0.1)
        var w: [Float] = [1, 1]
        adam.step(&w, gradient: [0.001, -50])
        #expect(abs(w[0] - 0.9) < 1e-4)
        #expect(abs(w[1] - 1.1) < 1e-4)
        #expect(adam.t == 1)
        #expect(throws: LearningError.self) { try Adam(learningRate: 0.1, beta1: 1) }
    }

    @Test func adamWeightDecayShrinksWithZeroGradient() throws {
        var adam = try Adam(learningRate: 0.1, weightDecay: 0.5)
        var w: [Float] = [2]
        adam.step(&w, gradient: [0])
        #expect(abs(w[0] - (2 - 0.1 * 0.5 * 2)) < 1e-5)
    }

    @Test func sgdNesterovAndMomentumMatchHandComputedSteps() throws {
        var sgd = try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1)
        var w: [Float] = [1]
        sgd.step(&w, gradient: [1])  // d = 1.1, v = 1.1, w = 1 − 0.11
        sgd.step(&w, gradient: [1])  // d = 1 + 0.089, v = 0.99 + 1.089
        #expect(abs(w[0] - (0.89 - 0.1 * (0.99 + 1.089))) < 1e-5)
        var nag = try SGD(learningRate: 0.1, momentum: 0.5, nesterov: true)
        var u: [Float] = [0]
        nag.step(&u, gradient: [2])  // v = 2, step = 2 + 0.5·2 = 3
        #expect(abs(u[0] + 0.3) < 1e-6)
    }

    @Test func scheduleValues() {
        #expect(LearningRateSchedule.constant.rate(base: 0.1, at: 50) == 0.1)
        let step = LearningRateSchedule.step(every: 10, factor: 0.5)
        #expect(step.rate(base: 0.1, at: 9) == 0.1)
        #expect(abs(step.rate(base: 0.1, at: 10) - 0.05) < 1e-12)
        #expect(abs(step.rate(base: 0.1, at: 25) - 0.025) < 1e-12)
        let cosine = LearningRateSchedule.cosine(total: 100, floor: 0.01)
        #expect(abs(cosine.rate(base: 0.1, at: 0) - 0.1) < 1e-12)
        #expect(abs(cosine.rate(base: 0.1, at: 50) - 0.055) < 1e-12)
        #expect(abs(cosine.rate(base: 0.1, at: 100) - 0.01) < 1e-12)
        #expect(abs(cosine.rate(base: 0.1, at: 500) - 0.01) < 1e-12)
    }
}
