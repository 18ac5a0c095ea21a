/// A link that every transfer crossing it shares: the server's access link, or a site's (a host's)
/// uplink. Directions are the federation's: `down` carries models toward the clients, `up` carries
/// updates toward the server. A missing rate is an unlimited one, so a topology without shared links
/// means what it meant before they existed: every client on its own private link.
package struct SharedLink: Codable, Sendable, Equatable {
    /// Bytes per second toward the clients; nil: unlimited.
    package var downBytesPerSecond: Double?
    /// Bytes per second toward the server; nil: unlimited.
    package var upBytesPerSecond: Double?
    /// One-way latency this link adds to every path through it.
    package var latencySeconds: Double
    /// Probability that a packet is lost on this link (0 ≤ p < 1); see ``LossLimit``.
    package var lossRate: Double

    package init(
        downBytesPerSecond: Double? = nil, upBytesPerSecond: Double? = nil, latencySeconds: Double = 0,
        lossRate: Double = 0
    ) {
        self.downBytesPerSecond = downBytesPerSecond
        self.upBytesPerSecond = upBytesPerSecond
        self.latencySeconds = latencySeconds
        self.lossRate = lossRate
    }

    /// A link quoted in megabits per second, as network plans are.
    package static func mbps(down: Double?, up: Double?, latencyMilliseconds: Double = 0, loss: Double = 0)
        -> SharedLink
    {
        SharedLink(
            downBytesPerSecond: down.map { $0 * 125_000 }, upBytesPerSecond: up.map { $0 * 125_000 },
            latencySeconds: latencyMilliseconds / 1000, lossRate: loss)
    }

    /// Checks the ranges; the message names the field and what it must be.
    package func validated(_ name: String) throws(FederationError) -> SharedLink {
        for (field, value) in [("down", downBytesPerSecond), ("up", upBytesPerSecond)] {
            if let value, !(value > 0 && value.isFinite) {
                throw FederationError(
                    .invalidSetting,
                    """
                    \(name) link's \(field) rate is \(value) bytes/s; it must be a positive number (or absent: \
                    unlimited)
                    """
                )
            }
        }
        guard latencySeconds >= 0, latencySeconds.isFinite else {
            throw FederationError(
                .invalidSetting, "\(name) link's latency is \(latencySeconds) s; it must be zero or positive")
        }
        guard lossRate >= 0, lossRate < 1 else {
            throw FederationError(
                .invalidSetting, "\(name) link's loss is \(lossRate); it must be at least 0 and below 1")
        }
        return self
    }

    /// The rate in one direction.
    func rate(_ direction: LinkDirection) -> Double? { direction == .down ? downBytesPerSecond : upBytesPerSecond }
}

/// Which way a transfer goes.
package enum LinkDirection: String, Codable, Sendable, CaseIterable {
    /// Server to client: the model.
    case down
    /// Client to server: the update.
    case up
}
