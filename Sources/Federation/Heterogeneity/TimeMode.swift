/// Whether a run's device and network delays are simulated or applied for real.
///
/// - `virtual` (the default): clients answer as fast as this machine computes; the server turns each
///   answer's FLOPs and bytes into virtual seconds (``VirtualTiming``) and compares them with the round
///   deadline. A straggler costs no real time.
/// - `realTime(scale:)`: every virtual second lasts `scale` real seconds. A client sleeps, around its
///   real training, until its download, compute and upload would have finished on its profile, and the
///   server stops waiting when the round deadline passes on the wall clock; answers that arrive later
///   are stragglers. For runs that want wall-clock behaviour (timeouts, asynchrony, a live dashboard).
///   With `scale` 1 a 30 s deadline is 30 real seconds; 0.01 runs a hundred times faster than life.
public enum TimeMode: Codable, Sendable, Equatable {
    case virtual
    case realTime(scale: Double)

    /// Real seconds per virtual second, or nil in virtual time.
    public var realTimeScale: Double? {
        if case .realTime(let scale) = self { return scale }
        return nil
    }

    /// Checks the scale; the message says what it must be.
    package func validated() throws(FederationError) -> TimeMode {
        if case .realTime(let scale) = self, !(scale > 0 && scale.isFinite && scale <= 1000) {
            throw FederationError(
                .invalidSetting,
                """
                real-time scale is \(scale); it must be a positive number of real seconds per virtual second (at most \
                1000), e.g. 1 or 0.01
                """
            )
        }
        return self
    }
}

/// What a client needs to know in real-time mode: how many real seconds a virtual second lasts, and
/// when to stop sleeping because the server has stopped waiting (the round deadline, plus a margin so
/// the late answer cannot be mistaken for a timely one).
public struct RealTimePacing: Codable, Sendable, Equatable {
    public var scale: Double
    /// Real seconds after which the client answers at once (nil: no deadline).
    public var limitSeconds: Double?
    /// Whether the client also sleeps for its link's download and upload times (the default), or
    /// only for its compute time, leaving the network's time to the real (emulated) network.
    public var pacesNetwork: Bool

    public init(scale: Double, limitSeconds: Double? = nil, pacesNetwork: Bool = true) {
        self.scale = scale
        self.limitSeconds = limitSeconds
        self.pacesNetwork = pacesNetwork
    }

    /// Real seconds margin a straggler's answer lands after the server's cut-off.
    package static let stragglerMargin = 1.0
}
