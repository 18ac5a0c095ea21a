extension Duration {
    /// The duration in seconds, as a Double (attoseconds included: exact to ~1e-16 relative).
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// Whole milliseconds, rounded down, clamped at 0.
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds &* 1000 &+ attoseconds / 1_000_000_000_000_000)
    }
}
