import Federation
import Testing
import Topology
@testable import Agents

/// A privacy target stated in the request reaches the composed topology as dp-fedavg's target ε.
struct PrivacyTargetTests {
    @Test(
        arguments: [
            ("Train a 2NN on Fashion-MNIST over 20 phones with differential privacy, epsilon = 2.", 2.0, nil),
            ("Twenty hospitals, CNN on Fashion-MNIST; we need (ε, δ) = (3, 1e-5) user-level DP.", 3.0, 1e-5),
            ("Ten banks with Fashion-MNIST and a 2NN under a privacy budget of 8 and delta 0.0001.", 8.0, 0.0001),
            ("Fifty phones, Fashion-MNIST, 2NN; keep epsilon at most 1.5 please.", 1.5, nil),
            ("Use eight clinics with a 2NN on Fashion-MNIST and an ε of four.", 4.0, nil),
        ] as [(String, Double, Double?)])
    func epsilonAndDeltaAreReadFromTheRequest(request: String, epsilon: Double, delta: Double?) {
        let analysis = RequestAnalyzer().analyze(request)
        #expect(analysis.privacyEpsilon == epsilon, "\(request)")
        #expect(analysis.privacyDelta == delta, "\(request)")
        #expect(analysis.challenges.contains(.privacy))
    }

    @Test func noTargetNoEpsilonAndOtherNumbersAreNotTakenForOne() {
        let plain = RequestAnalyzer().analyze(
            "Twenty phones with Fashion-MNIST and a 2NN, 30% of them per round, for 50 rounds.")
        #expect(plain.privacyEpsilon == nil && plain.privacyDelta == nil)
        #expect(!plain.challenges.contains(.privacy))
    }

    @Test func theComposedTopologyTargetsTheStatedEpsilon() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let request =
            "Twenty phones train a 2NN on Fashion-MNIST with differential privacy: epsilon 2 over the whole run."
        let (analysis, choice) = chooser.choose(for: request)
        #expect(choice.primary.id == "dp-fedavg")
        let spec = SpecComposer().compose(name: "private", analysis, choice)
        #expect(spec.strategy.options["target_epsilon"] == 2)
        #expect(spec.strategy.options["noise_multiplier"] == nil)
        // The topology it writes reads cleanly, and its plan sets the noise for that ε.
        let topology = try spec.topology()
        let plan = try RunPlan(topology)
        let sigma = try #require(plan.spec.strategy.options["noise_multiplier"])
        let rate =
            Double(plan.spec.participation.target(population: plan.spec.clientCount)) / Double(plan.spec.clientCount)
        #expect(
            RDPAccountant.epsilon(noiseMultiplier: sigma, sampleRate: rate, steps: plan.spec.rounds, delta: 1e-5) <= 2)
    }
}

/// A round deadline the request states reaches the composed server module.
struct StatedDeadlineTests {
    @Test func aDeadlineInTheRequestIsTheComposedRoundDeadline() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let (analysis, choice) = chooser.choose(
            for:
                """
                Forty phones train a 2NN on Fashion-MNIST; a round must finish within 90 seconds, slow phones are \
                dropped.
                """
        )
        #expect(analysis.roundDeadline == 90)
        #expect(SpecComposer().server(analysis, choice).deadlineSeconds == 90)
        let (none, plain) = chooser.choose(for: "Forty phones train a 2NN on Fashion-MNIST.")
        #expect(SpecComposer().server(none, plain).deadlineSeconds == nil)
    }
}
