/// Faults to inject on messages this node sends over one link.
package struct LinkFaults: Sendable, Codable, Equatable {
    /// Probability in [0, 1] that a message is dropped (never sent).
    package var dropProbability: Double
    /// Latency added to every message.
    package var delay: Duration
    /// Bytes per second the link carries; messages queue behind each other. `nil`: unlimited.
    package var bandwidthBytesPerSecond: Double?

    package init(dropProbability: Double = 0, delay: Duration = .zero, bandwidthBytesPerSecond: Double? = nil) {
        self.dropProbability = dropProbability
        self.delay = delay
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
    }

    /// No faults.
    package static let none = LinkFaults()

    /// Whether these settings change anything.
    package var isNone: Bool { dropProbability == 0 && delay == .zero && bandwidthBytesPerSecond == nil }

    /// Checks the ranges; the message says which setting is wrong and what it must be.
    package func validated() throws(MeshError) -> LinkFaults {
        guard (0...1).contains(dropProbability) else {
            throw MeshError(.invalidConfiguration, "dropProbability is \(dropProbability); it must be between 0 and 1")
        }
        guard delay >= .zero else {
            throw MeshError(.invalidConfiguration, "delay is \(delay); it must not be negative")
        }
        if let bw = bandwidthBytesPerSecond, !(bw > 0 && bw.isFinite) {
            throw MeshError(
                .invalidConfiguration,
                "bandwidthBytesPerSecond is \(bw); it must be a positive number (or nil for unlimited)")
        }
        return self
    }
}

/// Fault settings for every link of a node: a default and overrides per peer endpoint.
package struct FaultPlan: Sendable, Equatable {
    package var defaultLink: LinkFaults
    package var links: [String: LinkFaults]
    /// Seed of the drop decisions, so a run's drops can be reproduced.
    package var seed: UInt64

    package init(defaultLink: LinkFaults = .none, links: [String: LinkFaults] = [:], seed: UInt64 = 0) {
        self.defaultLink = defaultLink
        self.links = links
        self.seed = seed
    }

    /// Injects nothing.
    package static let none = FaultPlan()

    /// The faults for messages to `peer`.
    package func faults(toward peer: String) -> LinkFaults { links[peer] ?? defaultLink }
}
