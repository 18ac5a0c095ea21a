extension ModelZoo {
    /// A fully connected network over `layerSizes` (Dense → ReLU → … → Dense): `[784, 10]` is the
    /// zoo's logreg, `[784, 200, 200, 10]` the FedAvg paper's 2NN. He-normal weights and zero biases
    /// drawn from `seed` (all 0 with `seed` nil). Its flat parameters are, per dense layer, the
    /// weights (in × out, row-major) then the bias — `dense0.weight`, `dense0.bias`, … — the layout
    /// reports and checkpoints have always used for logreg and 2nn.
    ///
    /// Evaluation forwards up to 512 samples at once (``SupervisedTraining``'s evaluation batch), so
    /// each evaluation batch is one sgemm per layer, as before the perceptrons were layer chains: the
    /// per-sample logits and the order the losses are summed in are unchanged.
    public static func perceptron(layerSizes: [Int], seed: UInt64?) throws(LearningError) -> SequentialNetwork {
        guard layerSizes.count >= 2, layerSizes.allSatisfy({ $0 > 0 }) else {
            throw LearningError(
                .invalidSetting,
                "a fully connected network needs at least an input and an output size, all positive; got \(layerSizes)")
        }
        var layers: [any Layer] = []
        for (inputs, outputs) in zip(layerSizes, layerSizes.dropFirst()) {
            if !layers.isEmpty { layers.append(ReLU(shape: [inputs])) }
            layers.append(try Dense(inputs: inputs, outputs: outputs))
        }
        return try SequentialNetwork(layers: layers, seed: seed, evaluationChunk: 512)
    }
}
