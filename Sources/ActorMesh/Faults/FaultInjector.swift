/// Decides, message by message, what fault injection does: deliver now, deliver later, or drop.
///
/// A plain value with no I/O: the actor system asks it for a ``Decision`` and carries it out, so the
/// logic is tested without sockets. Bandwidth caps serialize messages on a link: a message starts
/// when the previous one on the same link has finished, and takes `bytes / bandwidth`.
package struct FaultInjector: Sendable {
    package enum Decision: Sendable, Equatable {
        case deliver
        case delay(Duration)
        case drop
    }

    package private(set) var plan: FaultPlan
    private var rng: SplitMix64
    private var linkBusyUntil: [String: Duration] = [:]

    package init(plan: FaultPlan = .none) {
        self.plan = plan
        rng = SplitMix64(seed: plan.seed)
    }

    /// What to do with a message of `bytes` bytes sent to `peer` at time `now`.
    package mutating func decide(peer: String, bytes: Int, now: Duration) -> Decision {
        let faults = plan.faults(toward: peer)
        if faults.isNone { return .deliver }
        if faults.dropProbability > 0, rng.nextUnitDouble() < faults.dropProbability { return .drop }
        var ready = now
        if let bandwidth = faults.bandwidthBytesPerSecond {
            let start = max(now, linkBusyUntil[peer] ?? .zero)
            ready = start + .seconds(Double(bytes) / bandwidth)
            linkBusyUntil[peer] = ready
        }
        let at = ready + faults.delay
        return at > now ? .delay(at - now) : .deliver
    }
}

/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64), stable across platforms.
package struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform double in [0, 1).
    package mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
