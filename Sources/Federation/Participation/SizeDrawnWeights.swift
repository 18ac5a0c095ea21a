extension ParticipationPolicy.Sampling {
    /// Whether clients are drawn in proportion to their sample counts: by size, and power-of-choice,
    /// whose candidates are drawn that way.
    package var drawsBySize: Bool {
        switch self {
        case .uniform: false
        case .bySize, .powerOfChoice: true
        }
    }

    /// The results as the strategy should weigh them. A draw in proportion to size already gives a
    /// large client its share in expectation, and the schemes that draw so average the drawn updates
    /// with equal weights (Li et al., ICLR 2020, scheme I; Cho et al., AISTATS 2022): weighting them
    /// by size again would count size twice and pull the model towards the largest clients. So after
    /// such a draw every result carries the same weight (sample count 1; a client with no samples
    /// keeps 0); after a uniform draw the results are returned as they are.
    package func weighedForAggregation(_ results: [FitResult]) -> [FitResult] {
        guard drawsBySize else { return results }
        return results.map { result in
            var r = result
            r.sampleCount = min(r.sampleCount, 1)
            return r
        }
    }
}
