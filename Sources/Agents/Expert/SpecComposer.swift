import Federation
import Topology

/// The embedded expert's rules for writing each module of a ``FederationSpec`` from the request's
/// analysis and the chosen methods. Explicit and deterministic: the same request gives the same spec,
/// and every rule is a line a reviewer can argue with.
package struct SpecComposer: Sendable {
    package init() {}

    /// The task module: the data as the request describes it, split and corrupted the way the request
    /// says the clients differ, and the model it names.
    package func task(_ a: RequestAnalysis, _ choice: MethodChoice) -> FederationSpec.TaskModule {
        let dataset = a.dataset ?? "fashion-mnist"
        let has = Set(a.challenges)
        var partition = "dirichlet", settings: [String: Double] = ["alpha": has.contains(.labelSkew) ? 0.3 : 0.5]
        var skew: String? = nil
        if dataset == "synthetic-sensors" {
            partition = "by_user"; settings = [:]  // one user per client: the heterogeneity is the user
        } else if dataset == "synthetic-leaf" {
            partition = "iid"; settings = [:]  // Synthetic(α, β) builds its own heterogeneity
        } else if has.contains(.domainShift) {
            partition = "domains"; settings = [:]  // each client one acquisition condition
        } else if has.contains(.quantitySkew) {
            partition = "long_tail"; settings = ["imbalance_ratio": 100]; skew = "exponential"
        }
        var corruptions: [FederationSpec.Corruption] = []
        if has.contains(.featureNoise) { corruptions.append(.init(kind: "gaussian_noise", range: [0.2, 0.8])) }
        if has.contains(.labelNoise) { corruptions.append(.init(kind: "label_flip", range: [0, 0.5])) }
        let personal = has.contains(.personalization) || a.metrics.contains(.meanClientTop1)
        var module = FederationSpec.TaskModule(
            dataset: dataset, partition: partition, partitionSettings: settings, quantitySkew: skew,
            corruptions: corruptions,
            model: a.model ?? "cnn", width: 1, holdout: personal ? 0.2 : 0)
        applyConditions(to: &module, a)
        return module
    }

    /// The client module: one local epoch of minibatch SGD (the benchmark budget), with a learning rate
    /// the model is known to train stably at.
    package func client(_ a: RequestAnalysis, task: FederationSpec.TaskModule) -> FederationSpec.ClientModule {
        FederationSpec.ClientModule(
            localEpochs: 1, batchSize: 32, learningRate: Self.learningRate(for: task.model),
            momentum: task.model == "resnet8" ? 0.9 : 0)
    }

    /// A learning rate each model is known to train stably at with plain SGD.
    static func learningRate(for model: String) -> Double {
        let rate: [String: Double] = ["logreg": 0.1, "2nn": 0.05, "cnn": 0.05, "resnet8": 0.05, "gru": 0.1]
        return rate[model] ?? 0.05
    }

    /// The strategy module: the chosen strategy at its card's default settings, plus the chosen
    /// selection and compression add-ons.
    package func strategy(_ choice: MethodChoice) -> FederationSpec.StrategyModule {
        var module = FederationSpec.StrategyModule(
            name: choice.primary.id, options: choice.primary.defaultOptions, sampling: "uniform", compression: "none",
            compressionFraction: nil, errorFeedback: false)
        for card in choice.addOns {
            switch card.kind {
            case .selection where Vocabulary.samplings.contains(card.id):
                module.sampling = card.id
            case .compression where Vocabulary.compressions.contains(card.id):
                module.compression = card.id
                if card.id.hasPrefix("topk") { module.compressionFraction = card.defaultOptions["fraction"] ?? 0.01 }
                module.errorFeedback = card.clientHooks.contains(.errorFeedback)
            default:
                continue
            }
        }
        return module
    }

    /// The server module: the request's rounds and participation, or the benchmark budget (30 rounds,
    /// everyone in small federations, 30% of large ones); a virtual deadline and spread-out device
    /// speeds when stragglers matter (a deadline also for an asynchronous strategy, whose late
    /// updates only a deadline makes), the request's own deadline when it states one; dropouts when
    /// connectivity does.
    package func server(_ a: RequestAnalysis, _ choice: MethodChoice) -> FederationSpec.ServerModule {
        let clients = max(1, a.clientCount ?? 10)
        let has = Set(a.challenges)
        let fraction = a.participation ?? (clients > 20 ? 0.3 : 1.0)
        let invited = max(1, Int((fraction * Double(clients)).rounded(.up)))
        let overcommit = choice.addOns.contains { $0.kind == .participation } ? 0.3 : 0
        var module = FederationSpec.ServerModule(
            clients: clients, rounds: a.rounds ?? 30, fraction: fraction, minFit: min(2, invited),
            overcommit: overcommit,
            deadlineSeconds: a.roundDeadline
                ?? (has.contains(.stragglers) || Self.isAsynchronous(choice.primary.id) ? 60 : nil), evaluateEvery: 1,
            federatedEvaluation: has.contains(.personalization) || a.metrics.contains(.meanClientTop1),
            speedSpread: has.contains(.stragglers) ? 0.8 : 0, dropout: has.contains(.connectivity) ? 0.2 : 0)
        applyConditions(to: &module, a)
        return module
    }

    /// Whether the strategy applies stragglers' late updates (FedBuff), and so needs a round deadline.
    static func isAsynchronous(_ strategy: String) -> Bool {
        (try? StrategyCatalog.make(name: strategy, options: [:]))?.maxStaleness != nil
    }

    /// The whole spec, module by module.
    package func compose(name: String, _ a: RequestAnalysis, _ choice: MethodChoice) -> FederationSpec {
        let task = task(a, choice)
        var strategy = strategy(choice)
        // A stated ε sets DP-FedAvg's noise for the planned rounds (the run's plan solves for it).
        if strategy.name == "dp-fedavg", let epsilon = a.privacyEpsilon {
            strategy.options["noise_multiplier"] = nil
            strategy.options["target_epsilon"] = epsilon
            if let delta = a.privacyDelta { strategy.options["delta"] = delta }
        }
        return FederationSpec(
            name: name, task: task, client: client(a, task: task), strategy: strategy, server: server(a, choice))
    }
}
