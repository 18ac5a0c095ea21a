/// How fast and how reliable one simulated device is.
public struct DeviceProfile: Codable, Sendable, Equatable {
    /// Effective training speed in floating-point operations per second.
    public var flopsPerSecond: Double
    /// Probability that the device is available when a round starts.
    public var availability: Double
    /// Probability that the device drops out during a round it accepted.
    public var dropoutProbability: Double

    public init(flopsPerSecond: Double = 2e9, availability: Double = 1, dropoutProbability: Double = 0) {
        self.flopsPerSecond = flopsPerSecond
        self.availability = availability
        self.dropoutProbability = dropoutProbability
    }

    /// Checks the ranges; the message names the field and its valid range.
    package func validated() throws(FederationError) -> DeviceProfile {
        guard flopsPerSecond > 0, flopsPerSecond.isFinite else {
            throw FederationError(
                .invalidSetting, "device flopsPerSecond is \(flopsPerSecond); it must be a positive number")
        }
        guard (0...1).contains(availability) else {
            throw FederationError(.invalidSetting, "device availability is \(availability); it must be between 0 and 1")
        }
        guard (0...1).contains(dropoutProbability) else {
            throw FederationError(
                .invalidSetting, "device dropoutProbability is \(dropoutProbability); it must be between 0 and 1")
        }
        return self
    }
}

/// The network link between a device and the server.
public struct LinkProfile: Codable, Sendable, Equatable {
    /// Server → device bytes per second.
    public var downBytesPerSecond: Double
    /// Device → server bytes per second.
    public var upBytesPerSecond: Double
    /// One-way latency in seconds.
    public var latencySeconds: Double
    /// Probability that a packet is lost on this link (0 ≤ p < 1): slows transfers as TCP would (`LossLimit`).
    public var lossRate: Double

    public init(
        downBytesPerSecond: Double = 12.5e6, upBytesPerSecond: Double = 5e6, latencySeconds: Double = 0.02,
        lossRate: Double = 0
    ) {
        self.downBytesPerSecond = downBytesPerSecond
        self.upBytesPerSecond = upBytesPerSecond
        self.latencySeconds = latencySeconds
        self.lossRate = lossRate
    }

    private enum CodingKeys: String, CodingKey { case downBytesPerSecond, upBytesPerSecond, latencySeconds, lossRate }

    /// Reads a link; one written before `lossRate` existed has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        downBytesPerSecond = try c.decode(Double.self, forKey: .downBytesPerSecond)
        upBytesPerSecond = try c.decode(Double.self, forKey: .upBytesPerSecond)
        latencySeconds = try c.decode(Double.self, forKey: .latencySeconds)
        lossRate = try c.decodeIfPresent(Double.self, forKey: .lossRate) ?? 0
    }

    /// A link quoted in megabits per second, as network plans are.
    public static func mbps(down: Double, up: Double, latencyMilliseconds: Double = 20) -> LinkProfile {
        LinkProfile(
            downBytesPerSecond: down * 125_000, upBytesPerSecond: up * 125_000,
            latencySeconds: latencyMilliseconds / 1000)
    }

    package func validated() throws(FederationError) -> LinkProfile {
        for (name, value) in [("downBytesPerSecond", downBytesPerSecond), ("upBytesPerSecond", upBytesPerSecond)]
        where !(value > 0 && value.isFinite) {
            throw FederationError(.invalidSetting, "link \(name) is \(value); it must be a positive number")
        }
        guard latencySeconds >= 0, latencySeconds.isFinite else {
            throw FederationError(
                .invalidSetting, "link latencySeconds is \(latencySeconds); it must be zero or positive")
        }
        guard lossRate >= 0, lossRate < 1 else {
            throw FederationError(.invalidSetting, "link lossRate is \(lossRate); it must be at least 0 and below 1")
        }
        return self
    }
}

/// Everything about one client's system heterogeneity.
public struct ClientProfile: Codable, Sendable, Equatable {
    public var device: DeviceProfile
    public var link: LinkProfile
    public init(device: DeviceProfile = DeviceProfile(), link: LinkProfile = LinkProfile()) {
        self.device = device
        self.link = link
    }
}
