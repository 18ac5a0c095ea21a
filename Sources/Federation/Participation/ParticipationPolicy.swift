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

    public init(fraction: Double = 1, minAvailable: Int = 1, minFit: Int = 1, sampling: Sampling = .uniform, overcommit: Double = 0) {
        self.fraction = fraction
        self.minAvailable = minAvailable
        self.minFit = minFit
        self.sampling = sampling
        self.overcommit = overcommit
    }

    /// Checks the settings against a population of `clients`; the message names the setting.
    public func validated(clients: Int) throws(FederationError) -> ParticipationPolicy {
        guard fraction > 0, fraction <= 1 else {
            throw FederationError(.invalidSetting, "participation fraction is \(fraction); it must be in (0, 1] (0 would select nobody)")
        }
        guard minFit >= 1 else { throw FederationError(.invalidSetting, "minFit is \(minFit); it must be at least 1") }
        guard minAvailable >= 1, minAvailable <= clients else {
            throw FederationError(.invalidSetting, "minAvailable is \(minAvailable); it must be between 1 and the \(clients) clients")
        }
        guard overcommit >= 0, overcommit <= 10 else {
            throw FederationError(.invalidSetting, "overcommit is \(overcommit); it must be between 0 and 10")
        }
        if case .powerOfChoice(let d) = sampling, d < 1 {
            throw FederationError(.invalidSetting, "powerOfChoice candidates is \(d); it must be at least 1")
        }
        return self
    }

    /// k: the number of results a round wants from `population` clients (at least 1 and minFit).
    public func target(population: Int) -> Int {
        min(population, max(minFit, Int((fraction * Double(population)).rounded(.up))))
    }

    /// The number of clients invited for a target of k, with over-commitment.
    public func invitations(target k: Int, available: Int) -> Int {
        min(available, Int((Double(k) * (1 + overcommit)).rounded(.up)))
    }
}
