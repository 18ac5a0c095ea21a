import Foundation

/// How an image dataset stores a pixel as a feature: an intensity u in [0, 1] (0 black, 1 white)
/// becomes (u − mean) / standardDeviation. Image transforms (inversion, contrast, the background a
/// rotation uncovers) work in intensities through it, so they mean the same whatever the encoding.
public struct PixelEncoding: Sendable, Equatable, CustomStringConvertible {
    /// The intensity that becomes 0.
    public let mean: Double
    /// The intensity difference that becomes 1.
    public let standardDeviation: Double

    /// Intensities scaled to [−1, 1] (u·2 − 1): what a dataset built in memory is taken to hold.
    public static let symmetric = PixelEncoding(mean: 0.5, standardDeviation: 0.5)

    /// An encoding with the given centre and spread; one that is not finite, a spread that is not
    /// positive, or values that would make black or white overflow a Float give the [−1, 1] encoding.
    public init(mean: Double, standardDeviation: Double) {
        // Black and white must be finite Floats: a spread so small (or a centre so far) that they
        // overflow falls back too.
        let usable =
            mean.isFinite && standardDeviation.isFinite && standardDeviation > 0
            && Float(-mean / standardDeviation).isFinite && Float((1 - mean) / standardDeviation).isFinite
        self.mean = usable ? mean : 0.5
        self.standardDeviation = usable ? standardDeviation : 0.5
    }

    /// Standardization by the statistics of 8-bit pixels (intensity = byte / 255): the features of
    /// these pixels then have mean 0 and variance 1. Pixels that are all alike (no spread) keep the
    /// [−1, 1] spread, centred on their value.
    public static func standardizing(_ bytes: [UInt8]) -> PixelEncoding {
        var histogram = [Int](repeating: 0, count: 256)
        for b in bytes { histogram[Int(b)] += 1 }
        let n = Double(max(bytes.count, 1))
        var mean = 0.0
        for (value, count) in histogram.enumerated() { mean += Double(value) / 255 * Double(count) }
        mean /= n
        var variance = 0.0
        for (value, count) in histogram.enumerated() {
            let d = Double(value) / 255 - mean
            variance += d * d * Double(count)
        }
        variance /= n
        return PixelEncoding(mean: mean, standardDeviation: variance > 0 ? variance.squareRoot() : 0.5)
    }

    /// The feature value of intensity `u`.
    package func value(ofIntensity u: Double) -> Float { Float((u - mean) / standardDeviation) }

    /// Black (intensity 0): the background of Fashion-MNIST and of a rotated image's corners.
    package var black: Float { value(ofIntensity: 0) }
    /// White (intensity 1).
    package var white: Float { value(ofIntensity: 1) }
    /// Mid-grey (intensity ½), the centre contrast scales around.
    package var midGrey: Float { value(ofIntensity: 0.5) }

    /// The feature value of every 8-bit pixel value, indexed by the byte.
    package var byteTable: [Float] { (0...255).map { value(ofIntensity: Double($0) / 255) } }

    public var description: String {
        self == .symmetric
            ? "[-1, 1]"
            : "standardized (mean \(String(format: "%.4f", mean)), std \(String(format: "%.4f", standardDeviation)))"
    }
}
