import Federation

extension TopologyReader {
    /// `sample_filter: {kind: small_loss, drop_fraction: 0.2, ramp_rounds: 5}`: each client drops the
    /// highest-loss `drop_fraction` of every batch, reached linearly over `ramp_rounds` rounds
    /// (``SmallLossFilter``).
    static func readSampleFilter(_ value: YAMLValue?) -> SmallLossFilter? {
        guard let m = value?.mapping() else { return nil }
        let kind = m.required("kind", "one of \(Vocabulary.sampleFilters.joined(separator: ", "))")?.oneOf(
            Vocabulary.sampleFilters)
        let drop = m.required("drop_fraction", "the share of each batch dropped, in [0, 0.9] (e.g. 0.2)")?.double(
            0...0.9, "a share in [0, 0.9]")
        let ramp = m.optional("ramp_rounds")?.int(0...100_000) ?? 0
        m.finish()
        guard kind != nil, let drop else { return nil }
        return try? SmallLossFilter(dropFraction: drop, rampRounds: ramp)
    }
}
