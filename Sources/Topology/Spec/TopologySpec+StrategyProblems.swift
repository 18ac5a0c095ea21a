import Federation

extension StrategySpec {
    /// The options as ``StrategyCatalog/make(name:options:)`` checks them, each problem at its own
    /// option (`strategy.mu`): an unknown option with the nearest valid one, a value the strategy
    /// refuses with its own message; empty when the strategy can be made.
    package func optionProblems() -> [TopologyProblem] {
        guard let descriptor = StrategyRegistry.current.descriptor(named: name) else {
            return [
                TopologyProblem(
                    "strategy",
                    """
                    strategy '\(name)' is not available in this build; available: \
                    \(StrategyCatalog.available.joined(separator: ", "))
                    """
                )
            ]
        }
        let valid = descriptor.options.map(\.name).sorted()
        var found: [TopologyProblem] = []
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            guard descriptor.option(key) != nil else {
                let hint = NearestName.suggestion(for: key, among: valid).map { " (did you mean '\($0)'?)" } ?? ""
                found.append(
                    TopologyProblem(
                        "strategy.\(key)",
                        """
                        \(name) has no option '\(key)'\(hint); its options are: \
                        \(valid.isEmpty ? "none" : valid.joined(separator: ", "))
                        """,
                        near: ["strategy"]))
                continue
            }
            do { _ = try StrategyCatalog.make(name: name, options: [key: value]) } catch {
                found.append(TopologyProblem("strategy.\(key)", error.message, near: ["strategy"]))
            }
        }
        if found.isEmpty {
            do { _ = try StrategyCatalog.make(name: name, options: options) } catch {
                found.append(TopologyProblem("strategy", error.message))
            }
        }
        return found
    }
}

extension TopologySpec {
    /// What the strategy needs of the model, the rounds and the timing, where the run would only
    /// find out after the nodes start (or would run rounds that cannot do what the strategy is for).
    /// `fit` is nil when the model does not fit the dataset (reported on its own).
    func strategyProblems(fit: ModelFit?) -> [TopologyProblem] {
        guard let made = try? StrategyCatalog.registered(name: strategy.name, options: strategy.options) else {
            return []
        }
        let setting = StrategySetting(
            model: model.name, width: model.width, dataset: data.dataset, fit: fit, options: strategy.options,
            clientCount: clientCount,
            resultsPerRound: resultsPerRound, participationFraction: participation.fraction,
            minFit: participation.minFit)
        var found = made.problems(in: setting)
        if made.maxStaleness != nil {
            if deadlineSeconds == nil {
                found.append(
                    TopologyProblem(
                        "participation.deadline_seconds",
                        """
                        missing: \(strategy.name) applies stragglers' late updates, and only a round deadline makes \
                        stragglers; without one every update is fresh and \(strategy.name) is FedAvg with a buffer: \
                        set participation.deadline_seconds (e.g. 30) or use fedavg
                        """,
                        near: ["participation", "strategy"]))
            }
            if case .realTime = timeMode {
                found.append(
                    TopologyProblem(
                        "timing.mode",
                        """
                        \(strategy.name) applies stragglers' late updates in the round they arrive in virtual time; \
                        in real-time mode the server stops waiting at the deadline and no late update ever reaches \
                        it: use timing {mode: virtual} or another strategy
                        """,
                        near: ["timing"]))
            }
        }
        return found
    }
}
