import Foundation
import Testing
@testable import Federation

/// The RDP accountant against published values (Opacus' accountant tests, which TensorFlow Privacy's
/// analysis agrees with) and its own invariants.
struct RDPAccountantTests {
    @Test func matchesOpacusForSigma1_5Rate0_04Over90Epochs() {
        // Opacus: RDPAccountant, σ = 1.5, q = 0.04, int(90 / 0.04) = 2250 steps, δ = 1e-5 → ε = 7.32911117143.
        var accountant = RDPAccountant()
        for _ in 0..<2250 { accountant.step(noiseMultiplier: 1.5, sampleRate: 0.04) }
        #expect(abs(accountant.epsilon(delta: 1e-5).epsilon - 7.32911117143) < 1e-6)
        // Steps in one call compose the same way.
        #expect(
            abs(RDPAccountant.epsilon(noiseMultiplier: 1.5, sampleRate: 0.04, steps: 2250, delta: 1e-5) - 7.32911117143)
                < 1e-6)
    }

    @Test func aTargetEpsilonGivesOpacusNoiseMultiplier() throws {
        // The σ found for a target spends at most the target, within the 0.01 tolerance. (Opacus' test
        // expects σ = 1.4253 here, found with the older conversion ε = rdp − log δ/(α − 1); with the
        // tighter one both accountants now use, that σ spends less than 8, so the σ for 8 is a little
        // smaller.)
        let sigma = try #require(
            RDPAccountant.noiseMultiplier(targetEpsilon: 8, delta: 1e-5, sampleRate: 0.04, steps: 2250))
        #expect(
            sigma > 1.4 && sigma < 1.425307617,
            """
            σ = \(sigma), spending \
            \(RDPAccountant.epsilon(noiseMultiplier: sigma, sampleRate: 0.04, steps: 2250, delta: 1e-5))
            """
        )
        #expect(RDPAccountant.epsilon(noiseMultiplier: 1.425307617, sampleRate: 0.04, steps: 2250, delta: 1e-5) < 8)
        let spent = RDPAccountant.epsilon(noiseMultiplier: sigma, sampleRate: 0.04, steps: 2250, delta: 1e-5)
        #expect(spent <= 8 && spent > 7.99)
        #expect(RDPAccountant.noiseMultiplier(targetEpsilon: 0, delta: 1e-5, sampleRate: 0.04, steps: 10) == nil)
    }

    @Test func integerAndFractionalOrdersAgreeAndEdgeCasesHold() {
        // The fractional series at an integer order gives the binomial sum's value.
        for alpha in [2, 5, 12] {
            let integral = RDPAccountant.logAIntegral(q: 0.1, sigma: 1.3, alpha: alpha)
            let series = RDPAccountant.logAFractional(q: 0.1, sigma: 1.3, alpha: Double(alpha))
            #expect(abs(integral - series) < 1e-8 * max(1, abs(integral)), "α = \(alpha)")
        }
        // No sampling, no loss; full participation is the plain Gaussian mechanism α/(2σ²); no noise, no privacy.
        #expect(RDPAccountant.rdp(q: 0, sigma: 1, alpha: 4) == 0)
        #expect(RDPAccountant.rdp(q: 1, sigma: 2, alpha: 4) == 0.5)
        #expect(RDPAccountant.rdp(q: 0.5, sigma: 0, alpha: 4) == .infinity)
        // More rounds, or more noise removed, spend more.
        let few = RDPAccountant.epsilon(noiseMultiplier: 1, sampleRate: 0.1, steps: 10, delta: 1e-5)
        let many = RDPAccountant.epsilon(noiseMultiplier: 1, sampleRate: 0.1, steps: 100, delta: 1e-5)
        let noisier = RDPAccountant.epsilon(noiseMultiplier: 2, sampleRate: 0.1, steps: 100, delta: 1e-5)
        #expect(0 < few && few < many && noisier < many)
        #expect(RDPAccountant().epsilon(delta: 1e-5).epsilon == 0)
    }
}

/// DP-FedAvg accounts each round's privacy, keeps it across a checkpoint, and a topology's target ε
/// sets its noise.
struct DPAccountingTests {
    static func clients(_ n: Int) -> [ClientDescription] {
        (0..<n).map {
            ClientDescription(clientID: $0, sampleCount: 10, parameterCount: 2, profile: ClientProfile(), model: nil)
        }
    }

    @Test func eachRoundAddsItsSampledStepAndACheckpointKeepsThem() throws {
        var dp = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: 1.1, delta: 1e-5, seed: 3)
        try dp.prepare(clients: Self.clients(100), globalCount: 2)
        #expect(dp.privacySpent == nil)
        for round in 1...5 {
            // 10 of 100 clients' updates aggregated each round: q = 0.1.
            _ = try dp.aggregateFit(
                round: round, global: [0, 0], results: (0..<10).map { result($0, [0.1, 0.2]) }, failures: [])
        }
        let spent = try #require(dp.privacySpent)
        #expect(spent.delta == 1e-5)
        #expect(spent.epsilon == RDPAccountant.epsilon(noiseMultiplier: 1.1, sampleRate: 0.1, steps: 5, delta: 1e-5))
        var restored = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: 1.1, delta: 1e-5, seed: 3)
        try restored.restoreState(try dp.checkpointState())
        #expect(restored.privacySpent == spent)
        // Without noise there is no guarantee to report.
        var open = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: 0)
        try open.prepare(clients: Self.clients(10), globalCount: 2)
        _ = try open.aggregateFit(round: 1, global: [0, 0], results: [result(0, [1, 1])], failures: [])
        #expect(open.privacySpent == nil)
        #expect(throws: FederationError.self) {
            try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: 1, delta: 1)
        }
    }
}
