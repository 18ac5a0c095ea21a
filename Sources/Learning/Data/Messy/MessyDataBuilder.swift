/// Builds one messy client's data from a ``MessySpec``, the run's seed and the client's id: the same
/// arguments give the same data on any node, so a client's data is made where the client lives.
package enum MessyDataBuilder {
    /// Client `id` of `total`: its samples (Fashion-MNIST training images, or sensor sequences) with
    /// labels in its vocabulary and its share of corrupt samples, and the truth about them.
    package static func build(
        _ spec: MessySpec, seed: UInt64, clientID id: Int, totalClients total: Int, images: Dataset,
        sensors: Dataset
    ) throws(LearningError) -> MessyClientData {
        if let problem = spec.problem(totalClients: total) { throw LearningError(.invalidSetting, problem) }
        guard (0..<total).contains(id) else {
            throw LearningError(.invalidSetting, "client \(id) is outside 0..<\(total)")
        }
        var rng = Xoshiro(seed: seed ^ (UInt64(id) &* 0x9E37_79B9_7F4A_7C15) ^ 0x4D45_5353_5944_4154)
        let kind = spec.kind(ofClient: id, total: total)
        let style = spec.vocabularies[id % spec.vocabularies.count]
        let rawScale = kind == .images && Double(rng.unit()) < spec.rawScaleFraction
        var samples: [MessySample]
        switch kind {
        case .images, .excludedClasses:
            let wanted = kind == .images ? spec.taskClasses : spec.excludedClasses
            let classes = Set(wanted.compactMap { FashionMNIST.labelNames.firstIndex(of: $0) })
            samples = draw(
                spec.samplesPerClient, from: images, classes: classes, style: kind == .images ? style : .canonical,
                rng: &rng)
            if rawScale { samples = samples.map(rawPixels) }
        case .sensors:
            samples = draw(
                spec.samplesPerClient, from: sensors, classes: Set(0..<sensors.classCount), style: nil, rng: &rng)
        }
        let corrupt = spoil(&samples, fraction: spec.corruptFraction, rng: &rng)
        // The labels the data holds once spoiled: a label whose only samples were blanked or
        // overwritten by a duplicate is not the client's any more.
        let labels = Set(samples.map(\.label)).subtracting([""])
        var mapping: [String: String?] = [:]
        for label in labels {
            mapping[label] = kind == .images ? style.truth(of: label) : String?.none
        }
        return MessyClientData(
            samples: samples,
            truth: MessyTruth(
                kind: kind, style: kind == .images ? style : .canonical, rawScale: rawScale, corrupt: corrupt,
                labelMapping: mapping))
    }

    /// `count` samples of `classes` drawn without replacement; labels in `style` (nil: the dataset's names).
    private static func draw(
        _ count: Int, from data: Dataset, classes: Set<Int>, style: LabelStyle?, rng: inout Xoshiro
    ) -> [MessySample] {
        let pool = data.labels.indices.filter { classes.contains(Int(data.labels[$0])) }.shuffled(using: &rng)
        return pool.prefix(count).map { i in
            let c = Int(data.labels[i])
            let values = data.features(ofSample: i)
            let label = style.map { $0.label(forClass: c, using: &rng) } ?? data.labelNames[c]
            return MessySample(features: values, shape: data.sampleShape, label: label)
        }
    }

    /// Standardized Fashion-MNIST values back on the raw pixel scale (about 0–255).
    private static func rawPixels(_ sample: MessySample) -> MessySample {
        var raw = sample
        raw.features = sample.features.map { ($0 * 0.3530 + 0.2860) * 255 }
        return raw
    }

    /// Spoils `fraction` of the samples, the kinds in turn, and says which and how.
    private static func spoil(_ samples: inout [MessySample], fraction: Double, rng: inout Xoshiro)
        -> [Int: CorruptionKind]
    {
        let count = Int((Double(samples.count) * fraction).rounded())
        let chosen = Array(samples.indices.shuffled(using: &rng).prefix(count))
        let spoiled = Set(chosen)
        var corrupt: [Int: CorruptionKind] = [:]
        for (n, i) in chosen.enumerated() {
            var kind = CorruptionKind.allCases[n % CorruptionKind.allCases.count]
            // A duplicate copies an earlier, clean sample, so the copy is the later one.
            let sources = (0..<i).filter { !spoiled.contains($0) }
            if kind == .duplicate, sources.isEmpty { kind = .nan }
            switch kind {
            case .nan: samples[i].features[Int(rng.next() % UInt64(samples[i].features.count))] = .nan
            case .wrongShape:
                let row = samples[i].shape.last ?? 1
                samples[i].features.removeLast(min(row, samples[i].features.count - 1))
            case .blank: samples[i].label = ""
            case .duplicate: samples[i] = samples[sources[Int(rng.next() % UInt64(sources.count))]]
            }
            corrupt[i] = kind
        }
        return corrupt
    }
}
