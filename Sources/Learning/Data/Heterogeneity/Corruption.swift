/// A per-client data corruption with its strength. Feature corruptions change the pixels (or
/// features) of the client's samples; label corruptions change their labels. Applied to a client's
/// own copy (``Dataset/subset(_:)``), never to the shared dataset.
package enum Corruption: Sendable, Equatable {
    /// Adds N(0, σ²) to every feature (for Fashion-MNIST, whose features are standardized, σ is in
    /// units of the training pixels' standard deviation).
    case gaussianNoise(sigma: Double)
    /// With probability `rate`, replaces the label by a uniformly chosen *other* class (symmetric noise).
    case labelFlip(rate: Double)
    /// With probability `rate`, replaces class c by c + 1 (mod classes).
    case pairFlip(rate: Double)
    /// An image transform on every sample (image datasets [C, H, W] only).
    case image(ImageTransform)

    /// The topology names, in the order they are applied.
    package static let names = [
        "gaussian_noise", "rotation", "inversion", "contrast", "blur", "label_flip", "pair_flip",
    ]

    /// The corruption named `name` at `strength` (σ, rate, degrees, contrast factor or blur σ; for
    /// inversion, strength is ignored), which must be in the name's ``strengths`` range.
    package init(name: String, strength: Double) throws(LearningError) {
        guard strength.isFinite, strength >= 0 else {
            throw LearningError(.invalidSetting, "\(name) strength \(strength) must be a non-negative number")
        }
        if let scale = Self.strengths[name], !scale.range.contains(strength) {
            throw LearningError(
                .invalidSetting,
                "\(name) \(scale.meaning) \(strength) must be in [\(scale.range.lowerBound), \(scale.range.upperBound)]"
            )
        }
        switch name {
        case "gaussian_noise": self = .gaussianNoise(sigma: strength)
        case "label_flip", "pair_flip":
            self = name == "label_flip" ? .labelFlip(rate: strength) : .pairFlip(rate: strength)
        case "rotation": self = .image(.rotation(degrees: strength))
        case "inversion": self = .image(.inversion)
        case "contrast": self = .image(.contrast(factor: strength))
        case "blur": self = .image(.blur(sigma: strength))
        default:
            throw LearningError(
                .invalidSetting, "corruption '\(name)' is unknown; use one of \(Self.names.joined(separator: ", "))")
        }
    }

    /// Whether this corruption changes labels (and so is not applied to held-out evaluation data).
    package var changesLabels: Bool {
        switch self {
        case .labelFlip, .pairFlip: return true
        default: return false
        }
    }

    /// Applies the corruption to every sample of `data` whose index is in `indices`, drawing from `rng`.
    package func apply(to data: Dataset, indices: [Int], rng: inout Xoshiro) throws(LearningError) -> Dataset {
        var features = data.features
        var labels = data.labels
        let n = data.featureCount
        switch self {
        case .gaussianNoise(let sigma):
            let s = Float(sigma)
            for i in indices { for j in (i * n)..<((i + 1) * n) { features[j] += s * rng.normal() } }
        case .labelFlip(let rate):
            guard data.classCount >= 2 else { break }
            for i in indices where Double(rng.unit()) < rate {
                let shift = Int32(1 + Int(rng.next() % UInt64(data.classCount - 1)))
                labels[i] = (labels[i] + shift) % Int32(data.classCount)
            }
        case .pairFlip(let rate):
            for i in indices where Double(rng.unit()) < rate { labels[i] = (labels[i] + 1) % Int32(data.classCount) }
        case .image(let transform):
            let shape = try ImageTransform.imageShape(data.sampleShape, dataset: data.name)
            guard shape.c * shape.h * shape.w == n else {
                throw LearningError(
                    .shapeMismatch, "\(data.name): sample shape \(data.sampleShape) does not hold \(n) features")
            }
            for i in indices {
                var image = features[(i * n)..<((i + 1) * n)]
                transform.apply(&image, shape: shape, encoding: data.pixelEncoding)
                features.replaceSubrange((i * n)..<((i + 1) * n), with: image)
            }
        }
        return try Dataset(
            name: data.name, features: features, labels: labels, featureCount: n, classCount: data.classCount,
            labelNames: data.labelNames, sampleShape: data.sampleShape, users: data.users,
            pixelEncoding: data.pixelEncoding)
    }
}
