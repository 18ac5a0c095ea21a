import Federation

extension TopologySpec {
    /// The spec with dp-fedavg's `target_epsilon` turned into the `noise_multiplier` that spends at
    /// most that ε (for the strategy's `delta`) over the planned rounds, each sampling the
    /// participation's target share of the clients (``RDPAccountant``). Unchanged without a target.
    /// Throws when both are given, or when no noise reaches the target.
    package func resolvingPrivacyTarget() throws(FederationError) -> TopologySpec {
        guard strategy.name == "dp-fedavg", let target = strategy.options["target_epsilon"], target != 0 else {
            return self
        }
        guard target > 0, target.isFinite else {
            throw FederationError(
                .invalidSetting,
                """
                dp-fedavg target_epsilon is \(target); give a positive ε (e.g. 1 to 10), or leave it out and give \
                noise_multiplier
                """
            )
        }
        guard strategy.options["noise_multiplier"] == nil else {
            throw FederationError(
                .invalidSetting,
                "dp-fedavg has both target_epsilon and noise_multiplier: give one (the target sets the noise)")
        }
        let delta = strategy.options["delta"] ?? 1e-5
        let population = max(1, clientCount)
        let rate = Double(participation.target(population: population)) / Double(population)
        guard
            let sigma = RDPAccountant.noiseMultiplier(
                targetEpsilon: target, delta: delta, sampleRate: rate, steps: rounds)
        else {
            throw FederationError(
                .invalidSetting,
                """
                dp-fedavg target_epsilon \(target) cannot be reached over \(rounds) rounds sampling \(rate) of the \
                clients with delta \(delta): raise the target or delta, or run fewer rounds
                """
            )
        }
        var resolved = self
        resolved.strategy.options["target_epsilon"] = nil
        resolved.strategy.options["noise_multiplier"] = sigma
        return resolved
    }
}

extension TopologySpec {
    /// A target ε no noise can reach over the planned rounds, at `strategy.target_epsilon`.
    func privacyTargetProblems() -> [TopologyProblem] {
        do {
            _ = try resolvingPrivacyTarget()
            return []
        } catch {
            return [TopologyProblem("strategy.target_epsilon", error.message, near: ["strategy"])]
        }
    }
}
