@testable import Learning

/// Central finite differences of a Float64 reference loss against a layer's Float32 gradient.
enum GradientCheck {
    /// Step of the central differences.
    static let step = 1e-5
    /// Relative part of the tolerance: |analytic − numeric| ≤ absolute + relative·|numeric|.
    static let relative = 2e-2

    /// The worst of |analytic[i] − numeric_i| − relative·|numeric_i| over every index of `point`
    /// outside `skipping`, where numeric_i is (loss(point + h·eᵢ) − loss(point − h·eᵢ)) / 2h. A check
    /// passes when this is at most the absolute tolerance (1e-3 in these tests); a non-finite gradient
    /// gives +∞.
    static func worstExcess(
        at point: [Double], analytic: [Float], skipping: [Range<Int>] = [], loss: ([Double]) -> Double
    ) -> Double {
        var worst = -Double.infinity
        for i in point.indices where !skipping.contains(where: { $0.contains(i) }) {
            var plus = point, minus = point
            plus[i] += step
            minus[i] -= step
            let numeric = (loss(plus) - loss(minus)) / (2 * step)
            // A gradient the layer never wrote (NaN) or that overflowed fails the check.
            guard analytic[i].isFinite, numeric.isFinite else { return .infinity }
            worst = max(worst, abs(Double(analytic[i]) - numeric) - relative * abs(numeric))
        }
        return worst
    }

    /// Runs `layer` forward (train mode) and backward on `x` for `count` samples with dL/dy = `probe`,
    /// i.e. for the loss L = Σ probe·y. Returns y, dL/d(parameters) and dL/dx.
    static func probe(_ layer: any Layer, x: [Float], parameters: [Float], count: Int, probe: [Float]) -> (
        y: [Float], gradient: [Float], dx: [Float]
    ) {
        var y = [Float](repeating: 0, count: count * layer.outputSize)
        var gradient = [Float](repeating: .nan, count: parameters.count)
        var dx = [Float](repeating: .nan, count: x.count)
        var dy = probe
        x.withUnsafeBufferPointer { xb in
            parameters.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { yb in
                    layer.forward(
                        xb, into: yb, count: count, parameters: pb,
                        training: true)
                    dy.withUnsafeMutableBufferPointer { db in
                        gradient.withUnsafeMutableBufferPointer { gb in
                            dx.withUnsafeMutableBufferPointer { xg in
                                layer.backward(
                                    input: xb, output: UnsafeBufferPointer(yb), outputGradient: db,
                                    inputGradient: xg,
                                    count: count, parameters: pb, gradient: gb)
                            }
                        }
                    }
                }
            }
        }
        return (y, gradient, dx)
    }
}
