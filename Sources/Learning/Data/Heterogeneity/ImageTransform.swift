import Foundation

/// Pixel transforms of one image stored channel-major as [C, H, W], for domain shift and corruptions.
/// They are defined on intensities (0 black, 1 white) and applied through the dataset's
/// ``PixelEncoding``, so an inversion or a contrast change means the same however pixels are stored.
package enum ImageTransform: Sendable, Equatable {
    /// Counter-clockwise rotation by `degrees` about the image centre, nearest neighbour; pixels that
    /// come from outside the image are black (the background). 90° equals transpose-then-flip-vertically.
    case rotation(degrees: Double)
    /// Intensity u ↦ 1 − u.
    case inversion
    /// Intensity u ↦ ½ + factor · (u − ½): factor < 1 lowers contrast around mid-grey.
    case contrast(factor: Double)
    /// Gaussian blur with standard deviation `sigma` pixels (kernel radius ⌈2σ⌉, edges clamped).
    case blur(sigma: Double)

    /// Checks that `shape` is an image shape [C, H, W] and returns it.
    package static func imageShape(_ shape: [Int], dataset: String) throws(LearningError) -> (c: Int, h: Int, w: Int) {
        guard shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
            throw LearningError(
                .invalidSetting,
                "\(dataset) has samples of shape \(shape), not images [C, H, W]: "
                    + "rotation, inversion, contrast, blur and domains work only on image datasets (e.g. fashion-mnist)"
            )
        }
        return (shape[0], shape[1], shape[2])
    }

    /// Applies the transform in place to `pixels` (one image of `shape` [C, H, W], stored in `encoding`).
    package func apply(_ pixels: inout ArraySlice<Float>, shape: (c: Int, h: Int, w: Int), encoding: PixelEncoding) {
        switch self {
        case .inversion:
            // The encoding is affine, so 1 − u is (black + white) − x in feature values.
            let sum = encoding.black + encoding.white
            for i in pixels.indices { pixels[i] = sum - pixels[i] }
        case .contrast(let factor):
            let (f, mid) = (Float(factor), encoding.midGrey)
            for i in pixels.indices { pixels[i] = mid + f * (pixels[i] - mid) }
        case .rotation(let degrees):
            let source = Array(pixels)
            let (ch, h, w) = shape
            let radians = degrees * .pi / 180
            let (cosA, sinA) = (cos(radians), sin(radians))
            let (cy, cx) = (Double(h - 1) / 2, Double(w - 1) / 2)
            let base = pixels.startIndex
            let background = encoding.black
            for y in 0..<h {
                for x in 0..<w {
                    // Inverse map: the output pixel (y, x) comes from the source rotated back by −θ.
                    let dy = Double(y) - cy, dx = Double(x) - cx
                    let sx = Int((cx + cosA * dx - sinA * dy).rounded())
                    let sy = Int((cy + sinA * dx + cosA * dy).rounded())
                    let inside = (0..<w).contains(sx) && (0..<h).contains(sy)
                    for c in 0..<ch {
                        pixels[base + (c * h + y) * w + x] = inside ? source[(c * h + sy) * w + sx] : background
                    }
                }
            }
        case .blur(let sigma):
            guard sigma > 0 else { return }
            let radius = Int((2 * sigma).rounded(.up))
            var kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
            let total = kernel.reduce(0, +)
            kernel = kernel.map { $0 / total }
            let (ch, h, w) = shape
            let base = pixels.startIndex
            var row = [Float](repeating: 0, count: h * w)
            for c in 0..<ch {
                let plane = Array(pixels[(base + c * h * w)..<(base + (c + 1) * h * w)])
                for y in 0..<h {
                    for x in 0..<w {
                        var s: Float = 0
                        for k in -radius...radius { s += kernel[k + radius] * plane[y * w + min(max(x + k, 0), w - 1)] }
                        row[y * w + x] = s
                    }
                }
                for y in 0..<h {
                    for x in 0..<w {
                        var s: Float = 0
                        for k in -radius...radius { s += kernel[k + radius] * row[min(max(y + k, 0), h - 1) * w + x] }
                        pixels[base + c * h * w + y * w + x] = s
                    }
                }
            }
        }
    }
}
