/// Builds strategies from their topology names and numeric options.
///
/// | name | options (default) |
/// | --- | --- |
/// | fedavg | — |
/// | fedprox | mu (0.01) |
/// | fedavgm | server_lr (1), momentum (0.9) |
/// | fedadagrad | server_lr (0.01), tau (0.001) |
/// | fedadam, fedyogi | server_lr (0.01), beta1 (0.9), beta2 (0.99), tau (0.001) |
/// | fednova | — |
/// | fedmedian | — |
/// | fedtrimmedavg | beta (0.1): fraction trimmed at each end |
/// | krum | byzantine (1) |
/// | multikrum | byzantine (1), keep (5) |
/// | qfedavg | q (1), lipschitz (20: 1 / the clients' learning rate) |
/// | dp-fedavg | clipping_norm (1), noise_multiplier (1), delta (1e-5), target_epsilon (0: none; sets noise_multiplier), seed (0) |
/// | fedper | personal_layers (1): final layers each client keeps local |
/// | fedbn | — (every `bn…` group stays local) |
/// | feddyn | alpha (0.01), clients (0: the population m; 0 takes it as \|S\|) |
/// | scaffold | server_lr (1), clients (0: the population N; 0 treats \|S\|/N as 1) |
/// | moon | mu (1), temperature (0.5) |
/// | heterofl | levels (3): client i trains at width ½^(i mod levels), 1 to 3 levels (×1, ×½, ×¼) |
/// | fedbuff | buffer_size (5), server_lr (1), max_staleness (5), staleness_exponent (0.5) |
public enum StrategyCatalog {
    /// Every option each available strategy takes, with its default.
    public static let options: [String: [String: Double]] = [
        "fedavg": [:],
        "fedprox": ["mu": 0.01],
        "fedavgm": ["server_lr": 1, "momentum": 0.9],
        "fedadagrad": ["server_lr": 0.01, "tau": 0.001],
        "fedadam": ["server_lr": 0.01, "beta1": 0.9, "beta2": 0.99, "tau": 0.001],
        "fedyogi": ["server_lr": 0.01, "beta1": 0.9, "beta2": 0.99, "tau": 0.001],
        "fednova": [:],
        "fedmedian": [:],
        "fedtrimmedavg": ["beta": 0.1],
        "krum": ["byzantine": 1],
        "multikrum": ["byzantine": 1, "keep": 5],
        "qfedavg": ["q": 1, "lipschitz": 20],
        "dp-fedavg": ["clipping_norm": 1, "noise_multiplier": 1, "delta": 1e-5, "target_epsilon": 0, "seed": 0],
        "scaffold": ["server_lr": 1, "clients": 0],
        "fedper": ["personal_layers": 1],
        "fedbn": [:],
        "feddyn": ["alpha": 0.01, "clients": 0],
        "moon": ["mu": 1, "temperature": 0.5],
        "heterofl": ["levels": 3],
        "fedbuff": ["buffer_size": 5, "server_lr": 1, "max_staleness": 5, "staleness_exponent": 0.5],
    ]

    /// Names this build can run.
    public static var available: [String] { options.keys.sorted() }

    /// The model widths a strategy wants its clients built at, cycled by client id (``ClientSetup/widthLevels``):
    /// HeteroFL's levels; nil for every other strategy (one width for all) or bad options (``make(name:options:)`` says why).
    public static func submodelWidths(name: String, options given: [String: Double]) -> [Double]? {
        guard name == "heterofl" else { return nil }
        let levels = given["levels"] ?? options["heterofl"]?["levels"] ?? 3
        guard levels == levels.rounded(), levels >= 1, levels <= 3 else { return nil }
        return try? submodelLevels(Int(levels))
    }

    /// ×1, ×½, ×¼ cut to the first `count`.
    static func submodelLevels(_ count: Int) throws(FederationError) -> [Double] {
        guard (1...3).contains(count) else {
            throw FederationError(.invalidSetting, "heterofl levels is \(count); it must be 1, 2 or 3 (widths ×1, ×½, ×¼, cycled over the clients)")
        }
        return Array([1, 0.5, 0.25].prefix(count))
    }

    /// The strategy `name` with `options` (e.g. `mu` for FedProx). Unknown names and options fail with
    /// a message listing what exists; bad values fail with the strategy's own message.
    public static func make(name: String, options given: [String: Double]) throws(FederationError) -> any Strategy {
        guard let defaults = options[name] else {
            throw FederationError(.invalidSetting, "strategy '\(name)' is not available in this build; available: \(available.joined(separator: ", "))")
        }
        for key in given.keys where defaults[key] == nil {
            throw FederationError(.invalidSetting, "\(name) has no option '\(key)'; its options are: \(defaults.isEmpty ? "none" : defaults.keys.sorted().joined(separator: ", "))")
        }
        func value(_ key: String) -> Double { given[key] ?? defaults[key] ?? 0 }
        func count(_ key: String) throws(FederationError) -> Int {
            let v = value(key)
            guard v >= 0, v == v.rounded(), v < 1e6 else {
                throw FederationError(.invalidSetting, "\(name) \(key) is \(v); it must be a whole number, zero or more")
            }
            return Int(v)
        }
        switch name {
        case "fedavg": return try FedAvg()
        case "fedprox": return try FedAvg(proximalMu: Float(value("mu")))
        case "fedavgm": return try FedOpt(.momentum, serverLearningRate: Float(value("server_lr")), beta1: Float(value("momentum")))
        case "fedadagrad":
            return try FedOpt(.adagrad, serverLearningRate: Float(value("server_lr")), beta1: 0, tau: Float(value("tau")))
        case "fedadam", "fedyogi":
            return try FedOpt(name == "fedadam" ? .adam : .yogi, serverLearningRate: Float(value("server_lr")),
                              beta1: Float(value("beta1")), beta2: Float(value("beta2")), tau: Float(value("tau")))
        case "fednova": return FedNova()
        case "fedmedian": return try RobustAggregate(.median)
        case "fedtrimmedavg": return try RobustAggregate(.trimmedMean(beta: value("beta")))
        case "krum": return try RobustAggregate(.krum(byzantine: try count("byzantine"), keep: 1))
        case "multikrum": return try RobustAggregate(.krum(byzantine: try count("byzantine"), keep: max(1, try count("keep"))))
        case "qfedavg": return try QFedAvg(q: value("q"), lipschitz: value("lipschitz"))
        case "dp-fedavg":
            // A target ε becomes the noise multiplier in the run's plan, which knows the rounds and the
            // participation (TopologySpec.resolvingPrivacyTarget); here only its value is checked.
            let target = value("target_epsilon")
            guard target >= 0, target.isFinite else {
                throw FederationError(.invalidSetting, "dp-fedavg target_epsilon is \(target); give a positive ε (e.g. 1 to 10), or 0 for none")
            }
            guard target == 0 || given["noise_multiplier"] == nil else {
                throw FederationError(.invalidSetting, "dp-fedavg has both target_epsilon and noise_multiplier: give one (the target sets the noise)")
            }
            return try DPFedAvg(wrapping: try FedAvg(), clippingNorm: value("clipping_norm"), noiseMultiplier: value("noise_multiplier"),
                                delta: value("delta"), seed: UInt64(try count("seed")))
        case "scaffold": return try Scaffold(serverLearningRate: Float(value("server_lr")), population: try count("clients"))
        case "fedper": return try PersonalizedFedAvg.fedPer(personalLayers: try count("personal_layers"))
        case "fedbn": return try PersonalizedFedAvg.fedBN()
        case "feddyn": return try FedDyn(alpha: Float(value("alpha")), population: try count("clients"))
        case "heterofl": return try HeteroFLStrategy(levels: try submodelLevels(try count("levels")))
        case "moon": return try Moon(mu: Float(value("mu")), temperature: Float(value("temperature")))
        case "fedbuff":
            return try FedBuff(bufferSize: try count("buffer_size"), serverLearningRate: Float(value("server_lr")),
                               maxStaleness: try count("max_staleness"), stalenessExponent: value("staleness_exponent"))
        default:
            throw FederationError(.invalidSetting, "strategy '\(name)' is not available in this build; available: \(available.joined(separator: ", "))")
        }
    }
}
