import Foundation

/// LEAF's Synthetic(α, β) (Li et al., FedProx, 2020): each user k has its own softmax model and its
/// own feature distribution. u_k ~ N(0, α), W_k, b_k ~ N(u_k, 1); B_k ~ N(0, β), v_k ~ N(B_k, 1);
/// x ~ N(v_k, diag(j^−1.2)); y = argmax(W_k x + b_k). α controls how much the users' models differ,
/// β how much their features do. Users' sample counts are log-normal. Each user's samples are split
/// 80/20 into train and test; `users` gives every sample's user (for the `by_user` partition).
package enum SyntheticLEAF {
    /// Generates the dataset; the same arguments give the same data.
    package static func generate(
        alpha: Double = 1, beta: Double = 1, users: Int = 30, features: Int = 60, classes: Int = 10,
        seed: UInt64 = 1
    ) throws(LearningError) -> DatasetSplit {
        guard users >= 1, features >= 1, classes >= 2, alpha >= 0, beta >= 0 else {
            throw LearningError(
                .invalidSetting, "Synthetic(α, β) needs users ≥ 1, features ≥ 1, classes ≥ 2 and α, β ≥ 0")
        }
        var rng = Xoshiro(seed: seed)
        let a = Float(alpha.squareRoot()), b = Float(beta.squareRoot())
        let scale = (1...features).map { Float(pow(Double($0), -1.2).squareRoot()) }
        var parts: [(x: [Float], y: [Int32], u: [Int32])] = [([], [], []), ([], [], [])]
        for user in 0..<users {
            let u = a * rng.normal()
            let w = (0..<(classes * features)).map { _ in u + rng.normal() }
            let bias = (0..<classes).map { _ in u + rng.normal() }
            let center = b * rng.normal()
            let v = (0..<features).map { _ in center + rng.normal() }
            let count = min(1000, 50 + Int(exp(4 + 1 * Double(rng.normal()))))
            for s in 0..<count {
                let x = (0..<features).map { v[$0] + scale[$0] * rng.normal() }
                var best = 0, bestScore = -Float.infinity
                for c in 0..<classes {
                    var z = bias[c]
                    for j in 0..<features { z += w[c * features + j] * x[j] }
                    if z > bestScore { best = c; bestScore = z }
                }
                let side = s < count * 4 / 5 ? 0 : 1
                parts[side].x.append(contentsOf: x)
                parts[side].y.append(Int32(best))
                parts[side].u.append(Int32(user))
            }
        }
        let names = (0..<classes).map { "class \($0)" }
        func make(_ p: (x: [Float], y: [Int32], u: [Int32]), _ suffix: String) throws(LearningError) -> Dataset {
            try Dataset(
                name: "synthetic-leaf(\(alpha),\(beta)) \(suffix)", features: p.x, labels: p.y, featureCount: features,
                classCount: classes, labelNames: names, sampleShape: [features], users: p.u)
        }
        return DatasetSplit(train: try make(parts[0], "train"), test: try make(parts[1], "test"))
    }
}
