extension Corruption {
    /// What a corruption's strength means and the strengths that make sense for it.
    package struct Strength: Sendable, Equatable {
        /// The strength's meaning, e.g. "rate" or "σ in pixels".
        package let meaning: String
        package let range: ClosedRange<Double>
    }

    /// The strengths each corruption accepts, by name; inversion has none (it has no strength).
    ///
    /// - gaussian_noise: σ 0 to 10 (Fashion-MNIST's features are standardized: σ 10 is noise ten
    ///   times the pixels' own spread, and the images are gone long before).
    /// - label_flip, pair_flip: a probability, 0 to 1.
    /// - rotation: 0 to 360 degrees.
    /// - contrast: factor 0 (flat mid-grey) to 2 (doubled around mid-grey; 1 leaves the image).
    /// - blur: σ 0 to 10 pixels (kernel radius ⌈2σ⌉; at 10 a 28×28 image is one smear).
    package static let strengths: [String: Strength] = [
        "gaussian_noise": Strength(meaning: "σ", range: 0...10),
        "label_flip": Strength(meaning: "rate", range: 0...1),
        "pair_flip": Strength(meaning: "rate", range: 0...1),
        "rotation": Strength(meaning: "angle in degrees", range: 0...360),
        "contrast": Strength(meaning: "factor", range: 0...2),
        "blur": Strength(meaning: "σ in pixels", range: 0...10),
    ]

    /// Whether the corruption transforms images ([C, H, W] samples only).
    package static func needsImages(_ name: String) -> Bool {
        if case .image? = try? Corruption(name: name, strength: 0) { return true }
        return false
    }
}
