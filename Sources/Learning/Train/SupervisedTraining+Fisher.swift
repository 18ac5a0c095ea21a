extension SupervisedTraining {
    /// The diagonal of the empirical Fisher information of the model's current parameters over
    /// `indices`: for each parameter, the mean over the samples of its squared per-sample gradient of
    /// the cross-entropy, F_i = (1/N) Σ_n (∂ℓ_n/∂w_i)². Elastic weight consolidation (Kirkpatrick et
    /// al., PNAS 2017) weighs each parameter's pull back to a task's solution by it: a large F_i
    /// means the task's loss is sharp along w_i.
    ///
    /// One forward and backward pass per sample, in the model's current mode (training mode, as
    /// during local training: BatchNorm normalizes over a sample's positions, so running statistics
    /// move); the parameters are restored afterwards, running statistics included. Returns the values
    /// and the FLOPs spent (one training step per sample). No samples: all zeros.
    package func fisherDiagonal(indices: [Int]) -> (values: [Float], flops: Double) {
        let saved = model.parameters
        var sum = [Double](repeating: 0, count: saved.count)
        for row in indices {
            gather([row])
            sampleGradient()
            let g = model.gradient
            for i in sum.indices where i < g.count { sum[i] += Double(g[i]) * Double(g[i]) }
        }
        model.parameters = saved
        let n = Double(max(1, indices.count))
        return (sum.map { Float($0 / n) }, Double(indices.count) * model.trainingFLOPsPerSample)
    }

    /// The gradient of the one gathered sample's loss, left in the model's ``TrainableModel/gradient``.
    private func sampleGradient() {
        _ = withGathered { features, labels in model.lossAndGradient(features, labels: labels, count: 1) }
    }
}
