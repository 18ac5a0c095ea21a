extension Int {
    /// `self + other`, held at `Int.max` (or `Int.min`) instead of overflowing: for sums of counts
    /// others report, such as an LLM server's token usage.
    func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
