import Federation

extension StrategySpec {
    /// The options as ``StrategyCatalog/make(name:options:)`` checks them, each problem at its own
    /// option (`strategy.mu`): an unknown option with the nearest valid one, a value the strategy
    /// refuses with its own message; empty when the strategy can be made.
    public func optionProblems() -> [TopologyProblem] {
        guard let defaults = StrategyCatalog.options[name] else {
            return [TopologyProblem("strategy", "strategy '\(name)' is not available in this build; available: \(StrategyCatalog.available.joined(separator: ", "))")]
        }
        let valid = defaults.keys.sorted()
        var found: [TopologyProblem] = []
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            guard defaults[key] != nil else {
                let hint = NearestName.suggestion(for: key, among: valid).map { " (did you mean '\($0)'?)" } ?? ""
                found.append(TopologyProblem("strategy.\(key)", "\(name) has no option '\(key)'\(hint); its options are: \(valid.isEmpty ? "none" : valid.joined(separator: ", "))", near: ["strategy"]))
                continue
            }
            do { _ = try StrategyCatalog.make(name: name, options: [key: value]) } catch {
                found.append(TopologyProblem("strategy.\(key)", error.message, near: ["strategy"]))
            }
        }
        if found.isEmpty {
            do { _ = try StrategyCatalog.make(name: name, options: options) } catch { found.append(TopologyProblem("strategy", error.message)) }
        }
        return found
    }
}

extension TopologySpec {
    /// What the strategy needs of the model, the rounds and the timing, where the run would only
    /// find out after the nodes start (or would run rounds that cannot do what the strategy is for).
    /// `fit` is nil when the model does not fit the dataset (reported on its own).
    func strategyProblems(fit: ModelFit?) -> [TopologyProblem] {
        guard let made = try? StrategyCatalog.make(name: strategy.name, options: strategy.options) else { return [] }
        var found: [TopologyProblem] = []
        if StrategyCatalog.submodelWidths(name: strategy.name, options: strategy.options) != nil, model.name != "cnn" || model.width != 1 {
            found.append(TopologyProblem("strategy", "heterofl cuts width-scaled submodels, which only the cnn has, from the full-width model; this topology has \(model.name) at width \(model.width): use model {name: cnn, width: 1} or another strategy", near: ["model"]))
        }
        // FedPer keeps its last layers local; keeping every layer would share nothing.
        if let personalized = made as? PersonalizedFedAvg, case .lastLayers(let n) = personalized.personal, let fit, fit.layerCount > 0, n >= fit.layerCount {
            found.append(TopologyProblem(
                "strategy.personal_layers", "fedper with personal_layers \(n) keeps every one of \(model.name)'s \(fit.layerCount) layer\(fit.layerCount == 1 ? "" : "s") local, so the clients would share nothing: "
                    + (fit.layerCount > 1 ? "keep at most \(fit.layerCount - 1) local" : "use fedavg, or a model with more layers (2nn, cnn)"),
                near: ["strategy"]))
        }
        if made is Moon, let fit, !fit.hasLearnedRepresentation {
            let usable = LearningTrainerFactory.models.filter { (try? ModelFit(model: $0, width: 1, dataset: data.dataset))?.hasLearnedRepresentation == true }
            found.append(TopologyProblem("strategy", "moon's contrastive term acts on the representation the model's last layer reads, and \(model.name) learns none (its last layer reads the raw input): use a model with a hidden layer that fits \(data.dataset) (\(usable.joined(separator: ", "))) or another strategy", near: ["model"]))
        }
        if let robust = made as? RobustAggregate, robust.minimumResults > resultsPerRound {
            let f = strategy.options["byzantine"] ?? StrategyCatalog.options[strategy.name]?["byzantine"] ?? 0
            let needed = robust.minimumResults
            let advice = clientCount >= needed
                ? "raise participation.fraction or min_fit so that a round wants at least \(needed) results"
                : "have at least \(needed) clients (there are \(clientCount))"
            found.append(TopologyProblem(
                "strategy.byzantine", "\(strategy.name) with byzantine \(Int(f)) aggregates only rounds with more than \(robust.minimumResults - 1) results (n > 2f + 2), but this topology brings at most \(resultsPerRound) per round (participation.fraction \(participation.fraction) of the \(clientCount) clients, at least min_fit \(participation.minFit), at most every client; sampling, dropouts and stragglers can only bring fewer), so no round would ever aggregate: \(advice), or lower byzantine",
                near: ["strategy"]))
        }
        if made.maxStaleness != nil {
            if deadlineSeconds == nil {
                found.append(TopologyProblem("participation.deadline_seconds", "missing: \(strategy.name) applies stragglers' late updates, and only a round deadline makes stragglers; without one every update is fresh and \(strategy.name) is FedAvg with a buffer: set participation.deadline_seconds (e.g. 30) or use fedavg", near: ["participation", "strategy"]))
            }
            if case .realTime = timeMode {
                found.append(TopologyProblem("timing.mode", "\(strategy.name) applies stragglers' late updates in the round they arrive in virtual time; in real-time mode the server stops waiting at the deadline and no late update ever reaches it: use timing {mode: virtual} or another strategy", near: ["timing"]))
            }
        }
        return found
    }
}
