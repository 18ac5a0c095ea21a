/// When one client is online, from an availability trace: intervals of virtual time, repeated every
/// `period` seconds when given (a day's pattern, say). A client is invited to a round only if the
/// round starts inside one of its intervals (then its `availability` probability applies as well).
public struct AvailabilityWindows: Codable, Sendable, Equatable {
    /// `[from, until)` intervals in virtual seconds since the run's start, sorted.
    public var intervals: [Interval]
    /// The trace repeats every this many seconds; nil: it does not (after its last interval the client stays offline).
    public var periodSeconds: Double?

    /// One online interval.
    public struct Interval: Codable, Sendable, Equatable {
        public var from: Double
        public var until: Double
        public init(from: Double, until: Double) {
            self.from = from
            self.until = until
        }
    }

    public init(intervals: [Interval], periodSeconds: Double? = nil) {
        self.intervals = intervals.sorted { ($0.from, $0.until) < ($1.from, $1.until) }
        self.periodSeconds = periodSeconds
    }

    /// The first time after `seconds` at which an interval opens, or nil when none does.
    package func nextOpening(after seconds: Double) -> Double? {
        guard let period = periodSeconds, period > 0 else { return intervals.map(\.from).filter { $0 > seconds }.min() }
        let cycle = (seconds / period).rounded(.down) * period
        let here = intervals.map { cycle + $0.from }.filter { $0 > seconds }.min()
        return here ?? intervals.map { cycle + period + $0.from }.min()
    }

    /// Whether the client is online at virtual time `seconds`.
    package func isOnline(at seconds: Double) -> Bool {
        var t = seconds
        if let period = periodSeconds, period > 0 { t = seconds.truncatingRemainder(dividingBy: period) }
        return intervals.contains { $0.from <= t && t < $0.until }
    }
}
