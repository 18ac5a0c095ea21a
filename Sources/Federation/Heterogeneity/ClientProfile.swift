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
    public func validated() throws(FederationError) -> DeviceProfile {
        guard flopsPerSecond > 0, flopsPerSecond.isFinite else {
            throw FederationError(.invalidSetting, "device flopsPerSecond is \(flopsPerSecond); it must be a positive number")
        }
        guard (0...1).contains(availability) else {
            throw FederationError(.invalidSetting, "device availability is \(availability); it must be between 0 and 1")
        }
        guard (0...1).contains(dropoutProbability) else {
            throw FederationError(.invalidSetting, "device dropoutProbability is \(dropoutProbability); it must be between 0 and 1")
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

    public init(downBytesPerSecond: Double = 12.5e6, upBytesPerSecond: Double = 5e6, latencySeconds: Double = 0.02) {
        self.downBytesPerSecond = downBytesPerSecond
        self.upBytesPerSecond = upBytesPerSecond
        self.latencySeconds = latencySeconds
    }

    /// A link quoted in megabits per second, as network plans are.
    public static func mbps(down: Double, up: Double, latencyMilliseconds: Double = 20) -> LinkProfile {
        LinkProfile(downBytesPerSecond: down * 125_000, upBytesPerSecond: up * 125_000, latencySeconds: latencyMilliseconds / 1000)
    }

    public func validated() throws(FederationError) -> LinkProfile {
        for (name, value) in [("downBytesPerSecond", downBytesPerSecond), ("upBytesPerSecond", upBytesPerSecond)]
        where !(value > 0 && value.isFinite) {
            throw FederationError(.invalidSetting, "link \(name) is \(value); it must be a positive number")
        }
        guard latencySeconds >= 0, latencySeconds.isFinite else {
            throw FederationError(.invalidSetting, "link latencySeconds is \(latencySeconds); it must be zero or positive")
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
