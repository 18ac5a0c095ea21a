/// Who takes part in a round, and how many answers the server needs.
public struct ParticipationPolicy: Codable, Sendable, Equatable {
    /// How clients are picked among the available ones.
    public enum Sampling: Codable, Sendable, Equatable {
        /// Uniformly at random, without replacement.
        case uniform
        /// With probability proportional to the client's number of samples, without replacement.
        case bySize
        /// Power-of-choice (Cho, Wang & Joshi, 2020): draw `candidates` clients by size, keep those with
        /// the highest last reported training loss (clients never heard from count as highest).
        case powerOfChoice(candidates: Int)
    }

    /// Fraction of all clients invited each round (before over-commitment).
    public var fraction: Double
    /// Rounds do not start with fewer available clients than this.
    public var minAvailable: Int
    /// Results needed to aggregate; with fewer, the round keeps the old model.
    public var minFit: Int
    public var sampling: Sampling
    /// Over-commitment o: invite ⌈k·(1+o)⌉ clients and keep the first k results (Bonawitz et al., 2019).
    public var overcommit: Double
    /// How `fraction × population` becomes a whole number of clients.
    public var rounding: Rounding

    /// How a fraction of the population becomes a client count.
    public enum Rounding: String, Codable, Sendable, Equatable {
        /// Up: 30% of 15 clients is 5. FedActors' default.
        case ceil
        /// Down, as Flower's `int(fraction_fit × available)`: 30% of 15 is 4 (never below 1 or min_fit).
        case floor
    }

    public init(
        fraction: Double = 1, minAvailable: Int = 1, minFit: Int = 1, sampling: Sampling = .uniform,
        overcommit: Double = 0,
        rounding: Rounding = .ceil
    ) {
        self.fraction = fraction
        self.minAvailable = minAvailable
        self.minFit = minFit
        self.sampling = sampling
        self.overcommit = overcommit
        self.rounding = rounding
    }

    private enum CodingKeys: String, CodingKey { case fraction, minAvailable, minFit, sampling, overcommit, rounding }

    /// Reads policies written before `rounding` existed as `ceil`, their only behaviour then.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fraction = try c.decode(Double.self, forKey: .fraction)
        minAvailable = try c.decode(Int.self, forKey: .minAvailable)
        minFit = try c.decode(Int.self, forKey: .minFit)
        sampling = try c.decode(Sampling.self, forKey: .sampling)
        overcommit = try c.decode(Double.self, forKey: .overcommit)
        rounding = try c.decodeIfPresent(Rounding.self, forKey: .rounding) ?? .ceil
    }

    /// Checks the settings against a population of `clients`; the message names the setting.
    package func validated(clients: Int) throws(FederationError) -> ParticipationPolicy {
        guard fraction > 0, fraction <= 1 else {
            throw FederationError(
                .invalidSetting, "participation fraction is \(fraction); it must be in (0, 1] (0 would select nobody)")
        }
        guard minFit >= 1 else { throw FederationError(.invalidSetting, "minFit is \(minFit); it must be at least 1") }
        guard minAvailable >= 1, minAvailable <= clients else {
            throw FederationError(
                .invalidSetting, "minAvailable is \(minAvailable); it must be between 1 and the \(clients) clients")
        }
        guard overcommit >= 0, overcommit <= 10 else {
            throw FederationError(.invalidSetting, "overcommit is \(overcommit); it must be between 0 and 10")
        }
        if case .powerOfChoice(let d) = sampling, d < 1 {
            throw FederationError(.invalidSetting, "powerOfChoice candidates is \(d); it must be at least 1")
        }
        return self
    }

    /// k: the number of results a round wants from `population` clients (at least 1 and minFit), with
    /// `fraction × population` rounded as ``rounding`` says.
    package func target(population: Int) -> Int {
        let share = fraction * Double(population)
        let count = Int(rounding == .ceil ? share.rounded(.up) : share.rounded(.down))
        return min(population, max(1, minFit, count))
    }

    /// The number of clients invited for a target of k, with over-commitment.
    package func invitations(target k: Int, available: Int) -> Int {
        min(available, Int((Double(k) * (1 + overcommit)).rounded(.up)))
    }
}
