/// How a conv or dense layer draws its first weights (biases start at 0 either way).
///
/// - `heNormal`: N(0, 2/fan_in) (He et al., 2015), the scale that keeps a ReLU chain's activations
///   at unit size; the perceptrons and ResNet-8 (whose batch norms rescale anyway) use it.
/// - `lecunNormal`: N(0, 1/fan_in) (LeCun et al., 1998), half He's variance; the cnn uses it.
///
/// Why the cnn does not take He's (issue 27): each of its max pools keeps the largest of four
/// activations, so under He the dense layer's 3,136 inputs (7·7·64, all ≥ 0) are large and share a
/// positive mean. An SGD step on that layer moves every sample's pre-activations by about η·‖x‖²
/// times its output gradient, all the same way: at the default rate 0.05, a client holding two
/// classes blew the loss up to ~8 in its first epoch and the averaged model's ReLUs died (constant
/// output: loss ln 10, accuracy at chance, the bench's 0.095–0.098). Measured by FedAvg over 10
/// Fashion-MNIST clients of 100 images, one epoch of batch 32 a round, accuracy after round 5
/// (1,000 test images), rate 0.05: two classes per client, He 0.097 (dead), LeCun 0.488, He/√6
/// 0.477; IID, He 0.536, LeCun 0.684, He/√6 0.482. At rate 0.1 the two-class clients stall under
/// every scale tried (He diverged to NaN), so 0.05 stays the cnn's rate.
package enum WeightInitialization: Sendable, Equatable {
    case heNormal
    case lecunNormal

    /// Fills `count` weights of a layer of fan-in `fanIn`, and zeroes its `biasCount` biases.
    func fill(
        weights: UnsafeMutablePointer<Float>, count: Int, biases: UnsafeMutablePointer<Float>?, biasCount: Int,
        fanIn: Int, rng: inout Xoshiro
    ) {
        let gain: Float =
            switch self {
            case .heNormal: 2
            case .lecunNormal: 1
            }
        let std = (gain / Float(max(1, fanIn))).squareRoot()
        for i in 0..<count { weights[i] = std * rng.normal() }
        biases?.update(repeating: 0, count: biasCount)
    }
}
