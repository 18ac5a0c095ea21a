import Foundation

/// MOON's settings on a client: the weight μ of the contrastive term and its temperature τ.
public struct ContrastiveSettings: Codable, Sendable, Equatable {
    public var mu: Float
    public var temperature: Float
    public init(mu: Float, temperature: Float) {
        self.mu = mu
        self.temperature = temperature
    }
}

/// MOON's model-contrastive loss (Li, He and Song, "Model-Contrastive Federated Learning", CVPR 2021)
/// on a batch of representations: for each sample, with z its representation under the local model,
/// g under the global model and p under the client's previous local model,
///
///   ℓ = −log( e^{cos(z, g)/τ} / (e^{cos(z, g)/τ} + e^{cos(z, p)/τ}) ) = log(1 + e^{(cos(z, p) − cos(z, g))/τ}),
///
/// averaged over the batch. Its gradient in z is (q/τ)·(∇cos(z, p) − ∇cos(z, g)), with
/// q = σ((cos(z, p) − cos(z, g))/τ) and ∇_z cos(z, u) = u/(‖z‖‖u‖) − cos(z, u)·z/‖z‖². g and p are
/// constants (the paper does not backpropagate into them). A sample whose z, g or p is zero (all
/// its units inactive) has no direction to compare: it adds log 2 and no gradient.
/// Computed in Double; agrees with a finite-difference check to ~1e-4 relative in Float.
package enum ModelContrastiveLoss {
    /// The batch-mean loss and its gradient with respect to `z` (`count` × d, row-major, like `global`
    /// and `previous`).
    package static func lossAndGradient(z: [Float], global: [Float], previous: [Float], count: Int, temperature: Float)
        -> (loss: Double, gradient: [Float])
    {
        guard count > 0, z.count % count == 0, global.count == z.count, previous.count == z.count, temperature > 0
        else {
            return (0, [Float](repeating: 0, count: z.count))
        }
        let d = z.count / count
        let tau = Double(temperature)
        var gradient = [Float](repeating: 0, count: z.count)
        var loss = 0.0
        for s in 0..<count {
            let row = s * d..<(s + 1) * d
            let zn = norm(z[row]), gn = norm(global[row]), pn = norm(previous[row])
            guard zn > 1e-12, gn > 1e-12, pn > 1e-12 else {
                loss += log(2)
                continue
            }
            let cg = dot(z[row], global[row]) / (zn * gn)
            let cp = dot(z[row], previous[row]) / (zn * pn)
            let x = (cp - cg) / tau
            // log(1 + e^x) without overflow, and its derivative σ(x).
            loss += x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
            let q = 1 / (1 + exp(-x))
            let scale = q / tau / Double(count)
            for i in row {
                let zi = Double(z[i])
                let dcp = Double(previous[i]) / (zn * pn) - cp * zi / (zn * zn)
                let dcg = Double(global[i]) / (zn * gn) - cg * zi / (zn * zn)
                gradient[i] = Float(scale * (dcp - dcg))
            }
        }
        return (loss / Double(count), gradient)
    }

    private static func dot(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    private static func norm(_ a: ArraySlice<Float>) -> Double { dot(a, a).squareRoot() }
}
