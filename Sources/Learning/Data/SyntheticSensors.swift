import Foundation

/// A synthetic multi-user sensor-sequence dataset in the style of human-activity recognition: 6
/// activities, each sample a [T, F] sequence (time steps × channels, e.g. accelerometer x/y/z).
/// An activity has a per-channel mean level (posture) and a per-channel oscillation (frequency and
/// amplitude, with a random phase per sample); user u adds its own channel offsets and a gain, and
/// every reading has N(0, noise²) added: x[t, f] = gain_u · (mean[c, f] + amp[c, f] · sin(2π·freq[c, f]·t/T + φ) +
/// offset[u, f]) + ε.
/// Each user's samples are split 80/20 into train and test; `users` gives every sample's user.
package enum SyntheticSensors {
    package static let activities = ["walking", "upstairs", "downstairs", "sitting", "standing", "lying"]

    /// Generates the dataset; the same arguments give the same data.
    package static func generate(
        users: Int = 20, samplesPerUser: Int = 60, steps: Int = 32, channels: Int = 3,
        userShift: Double = 0.5, noise: Double = 0.3, seed: UInt64 = 1
    ) throws(LearningError) -> DatasetSplit {
        guard users >= 1, samplesPerUser >= 2, steps >= 2, channels >= 1, userShift >= 0, noise >= 0 else {
            throw LearningError(
                .invalidSetting,
                """
                synthetic-sensors needs users ≥ 1, samplesPerUser ≥ 2, steps ≥ 2, channels ≥ 1, non-negative shift \
                and noise
                """
            )
        }
        var rng = Xoshiro(seed: seed)
        let classes = activities.count
        let mean = (0..<(classes * channels)).map { _ in rng.normal() }
        let amp = (0..<(classes * channels)).map { _ in 0.2 + 1.5 * rng.unit() }
        let freq = (0..<(classes * channels)).map { _ in Float(1 + Int(rng.next() % 6)) }
        let n = steps * channels
        var parts: [(x: [Float], y: [Int32], u: [Int32])] = [([], [], []), ([], [], [])]
        for user in 0..<users {
            let offset = (0..<channels).map { _ in Float(userShift) * rng.normal() }
            let gain = Float(exp(0.2 * Double(rng.normal())))
            for s in 0..<samplesPerUser {
                let c = Int(rng.next() % UInt64(classes))
                let phase = 2 * Float.pi * rng.unit()
                var x = [Float](repeating: 0, count: n)
                for t in 0..<steps {
                    for f in 0..<channels {
                        let k = c * channels + f
                        let wave = amp[k] * sinf(2 * .pi * freq[k] * Float(t) / Float(steps) + phase)
                        x[t * channels + f] = gain * (mean[k] + wave + offset[f]) + Float(noise) * rng.normal()
                    }
                }
                let side = s < samplesPerUser * 4 / 5 ? 0 : 1
                parts[side].x.append(contentsOf: x)
                parts[side].y.append(Int32(c))
                parts[side].u.append(Int32(user))
            }
        }
        func make(_ p: (x: [Float], y: [Int32], u: [Int32]), _ suffix: String) throws(LearningError) -> Dataset {
            try Dataset(
                name: "synthetic-sensors \(suffix)", features: p.x, labels: p.y, featureCount: n, classCount: classes,
                labelNames: activities, sampleShape: [steps, channels], users: p.u)
        }
        return DatasetSplit(train: try make(parts[0], "train"), test: try make(parts[1], "test"))
    }
}
