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
        let split = Self.partition(for: a)
        // Data held out on each client whenever the headline is measured on the clients' own data.
        let heldOut = a.challenges.contains(.personalization) || Self.headlineMetric(a).needsClientEvaluation
        var module = FederationSpec.TaskModule(
            dataset: Self.dataset(for: a), partition: split.kind, partitionSettings: split.settings,
            quantitySkew: split.quantitySkew,
            corruptions: Self.corruptions(for: a).map { .init(kind: $0.kind, range: $0.range) },
            model: a.model ?? "cnn", width: 1, holdout: heldOut ? 0.2 : 0)
        applyConditions(to: &module, a)
        module.tasks = Self.tasks(for: a, choice)
        return module
    }

    /// Continual learning's task waves: the count the request states, else 5 (two classes each on a
    /// 10-class dataset); never more than the dataset's classes (each task brings at least one new
    /// class); nil when the request does not describe classes arriving over time and no continual
    /// method (replay, EWC) is chosen.
    static func tasks(for a: RequestAnalysis, _ choice: MethodChoice) -> Int? {
        guard a.challenges.contains(.continualLearning) || choice.addOns.contains(where: { $0.kind == .continual })
        else { return nil }
        let classes = DatasetFacts.of(dataset(for: a))?.classes ?? defaultTasks
        return max(2, min(a.continualTasks ?? defaultTasks, classes))
    }

    /// The data the run simulates: the request's; without one, the data its model needs (a GRU
    /// trains on sequences: synthetic-sensors), else Fashion-MNIST.
    static func dataset(for a: RequestAnalysis) -> String {
        a.dataset ?? (a.model == "gru" ? "synthetic-sensors" : "fashion-mnist")
    }

    /// The clients the run simulates: the request's count (10 when it states none), but no more than
    /// the dataset's training samples serve at ``samplesPerClient`` each (a Dirichlet split's least);
    /// ``conditions(_:_:)`` tells the plan when it cut.
    static func clients(for a: RequestAnalysis) -> Int {
        let requested = max(1, a.clientCount ?? 10)
        guard let samples = DatasetFacts.of(dataset(for: a))?.trainSamples else { return requested }
        return min(requested, max(2, samples / samplesPerClient))
    }

    /// The fewest training samples a simulated client gets.
    static let samplesPerClient = 10

    /// The task waves a continual request gets when it names no count (an assumption the plan lists).
    static let defaultTasks = 5

    /// How the request's clients differ in their data: for data with natural users, the users' own
    /// split when there are no more clients than users (a user's data never spreads over clients),
    /// else a skewed label mix for the sensor data and the generator's own heterogeneity for
    /// Synthetic(α, β); one acquisition condition per client for a domain shift, a long tail for a
    /// quantity skew, and otherwise a Dirichlet label split (α 0.3 when the request names label
    /// skew, 0.5 else).
    static func partition(for a: RequestAnalysis) -> (
        kind: String, settings: [String: Double], quantitySkew: String?
    ) {
        let has = Set(a.challenges)
        let dataset = dataset(for: a)
        if let users = naturalUsers(dataset), a.clientCount.map({ $0 <= users }) ?? true {
            return ("by_user", [:], nil)
        }
        switch dataset {
        case "synthetic-sensors": return ("dirichlet", ["alpha": 0.3], nil)
        case "synthetic-leaf": return ("iid", [:], nil)
        default:
            if has.contains(.domainShift) { return ("domains", [:], nil) }
            if has.contains(.quantitySkew) { return ("long_tail", ["imbalance_ratio": 100], "exponential") }
            return ("dirichlet", ["alpha": has.contains(.labelSkew) ? 0.3 : 0.5], nil)
        }
    }

    /// The corruptions the request's conditions need: Gaussian input noise for noisy features,
    /// flipped labels for noisy labels, each with a per-client strength range.
    static func corruptions(for a: RequestAnalysis) -> [(kind: String, range: [Double])] {
        let has = Set(a.challenges)
        var out: [(kind: String, range: [Double])] = []
        if has.contains(.featureNoise) { out.append(("gaussian_noise", [0.2, 0.8])) }
        if has.contains(.labelNoise) { out.append(("label_flip", [0, 0.5])) }
        return out
    }

    /// The client module: one local epoch of minibatch SGD (the benchmark budget), with a learning rate
    /// the model is known to train stably at.
    /// The chosen data-cleaning, personalization and continual add-ons are client methods: the
    /// small-loss filter (its card's drop fraction and ramp), local fine-tuning before evaluation (its
    /// card's steps), experience replay (its memory and share) and EWC (its λ and Fisher samples).
    package func client(
        _ a: RequestAnalysis, task: FederationSpec.TaskModule, choice: MethodChoice? = nil
    ) -> FederationSpec.ClientModule {
        var module = FederationSpec.ClientModule(
            localEpochs: 1, batchSize: 32, learningRate: Self.learningRate(for: task.model),
            momentum: task.model == "resnet8" ? 0.9 : 0)
        for card in choice?.addOns ?? [] {
            switch card.id {
            case "small-loss-filter":
                let options = card.defaultOptions
                module.sampleFilter = .init(
                    dropFraction: options["drop_fraction"] ?? 0.2, rampRounds: Int(options["ramp_rounds"] ?? 0))
            case "local-finetune":
                module.fineTuneSteps = Int(card.defaultOptions["fine_tune_steps"] ?? 5)
            case "replay":
                let options = card.defaultOptions
                module.replay = .init(memory: Int(options["memory"] ?? 200), share: options["share"] ?? 0.5)
            case "ewc":
                let options = card.defaultOptions
                module.ewc = .init(
                    lambda: options["lambda"] ?? 1000, fisherSamples: Int(options["fisher_samples"] ?? 200))
            default:
                continue
            }
        }
        return module
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
        let clients = Self.clients(for: a)
        let has = Set(a.challenges)
        let fraction = a.participation ?? (clients > 20 ? 0.3 : 1.0)
        let invited = max(1, Int((fraction * Double(clients)).rounded(.up)))
        let overcommit = choice.addOns.contains { $0.kind == .participation } ? 0.3 : 0
        var module = FederationSpec.ServerModule(
            clients: clients, rounds: a.rounds ?? 30, fraction: fraction, minFit: min(2, invited),
            overcommit: overcommit,
            deadlineSeconds: a.roundDeadline
                ?? (has.contains(.stragglers) || Self.isAsynchronous(choice.primary.id) ? 60 : nil), evaluateEvery: 1,
            federatedEvaluation: has.contains(.personalization) || a.metrics.contains(.meanClientTop1)
                || choice.addOns.contains { $0.id == "local-finetune" },
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
            name: name, task: task, client: client(a, task: task, choice: choice), strategy: strategy,
            server: server(a, choice))
    }
}
